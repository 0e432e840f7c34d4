FROM debian:12.6
# expect-finding
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
