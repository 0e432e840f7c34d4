FROM alpine:3.20.1
# expect-finding
ENV DB_PASSWORD=hunter2
# expect-finding
ENV api_key abc123
