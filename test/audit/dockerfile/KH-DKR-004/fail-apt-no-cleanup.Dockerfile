FROM debian:12.6
# expect-finding
RUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u6
