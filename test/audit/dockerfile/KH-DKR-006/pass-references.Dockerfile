ARG NPM_TOKEN
FROM alpine:3.20.1
ENV DB_PASSWORD_FILE=/run/secrets/db-password API_KEY=${API_KEY} LOG_LEVEL=info
ARG GITHUB_TOKEN
RUN --mount=type=secret,id=token cat /run/secrets/token
ENV GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/key.json DB_SECRET_ARN=arn:aws:secretsmanager:eu-west-1:123456789012:secret:db
ENV TOKEN_URL=https://svc:${SVC_PASSWORD}@idp.example.com/token CLIENT_SECRET="${CLIENT_SECRET:?set CLIENT_SECRET}"
ENV DB_PASSWORD=$DB_PASSWORD GPG_PASSPHRASE=
