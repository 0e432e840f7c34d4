FROM golang:1.22.5@sha256:0d3a1e5c9b7f2a4e6c8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c AS build
RUN go version
# expect-finding
FROM debian
COPY --from=build /usr/local/go/bin/go /go
