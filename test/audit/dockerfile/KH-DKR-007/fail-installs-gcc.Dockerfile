FROM debian:12.6
# expect-finding
RUN apt-get update && apt-get install -y build-essential=12.9 gcc=4:12.2.0-3 && rm -rf /var/lib/apt/lists/*
