FROM debian:12.6 AS build
# expect-finding
RUN apt-get update && apt-get install -y gcc
FROM scratch
