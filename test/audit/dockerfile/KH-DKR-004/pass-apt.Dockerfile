FROM debian:12.6
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates=20230311 curl=7.88.1-10+deb12u6 \
 && rm -rf /var/lib/apt/lists/*
