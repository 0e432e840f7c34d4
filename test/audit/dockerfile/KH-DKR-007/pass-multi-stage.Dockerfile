FROM golang:1.22.5 AS build
RUN apt-get update && apt-get install -y make=4.3-4.1
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
