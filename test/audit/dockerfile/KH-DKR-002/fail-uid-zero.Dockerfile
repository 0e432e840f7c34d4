FROM alpine:3.20.1
# expect-finding
USER 0:0
