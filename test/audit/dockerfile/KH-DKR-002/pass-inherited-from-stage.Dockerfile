FROM alpine:3.20.1 AS base
RUN adduser -D -u 10001 app
USER app
FROM base
COPY app /app
