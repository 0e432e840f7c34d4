FROM alpine:3.20.1
# expect-finding
RUN apk add curl
