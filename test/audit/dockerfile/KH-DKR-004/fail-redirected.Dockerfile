FROM debian:12.6
# A redirection's target is not a package; the unpinned package is still found
# expect-finding
RUN apt-get update && apt-get install -y curl > /dev/null 2>&1 && rm -rf /var/lib/apt/lists/*
