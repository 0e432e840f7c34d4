# expect-finding
ARG GITHUB_TOKEN=ghp_example
FROM alpine:3.20.1
# expect-finding
ARG PRIVATE_KEY="-----BEGIN"
