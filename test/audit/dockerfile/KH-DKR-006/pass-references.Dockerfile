ARG NPM_TOKEN
FROM alpine:3.20.1
ENV DB_PASSWORD_FILE=/run/secrets/db-password API_KEY=${API_KEY} LOG_LEVEL=info
ARG GITHUB_TOKEN
RUN --mount=type=secret,id=token cat /run/secrets/token
