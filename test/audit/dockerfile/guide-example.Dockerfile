# syntax=docker/dockerfile:1
# The security guide's example (section 2.1): a multi-stage build whose final image is the binary alone,
# running as a non-root numeric user.
FROM golang:1.22.5-alpine@sha256:0d3a1e5c9b7f2a4e6c8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c AS builder
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/payment-api ./cmd/payment-api

FROM scratch
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=builder /out/payment-api /payment-api
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["/payment-api"]
