FROM alpine:3.20.1 AS build
USER 10001
# expect-finding
FROM scratch
COPY --from=build /etc/passwd /etc/passwd
