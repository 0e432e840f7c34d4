FROM alpine:3.20.1 AS build
USER root
RUN echo build
FROM scratch
USER 10001:0
