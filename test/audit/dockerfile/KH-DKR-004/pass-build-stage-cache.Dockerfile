FROM debian:12.6 AS build
RUN apt-get update && apt-get install -y gcc=4:12.2.0-3
FROM scratch
USER 10001
