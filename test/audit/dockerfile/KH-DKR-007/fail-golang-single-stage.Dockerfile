# expect-finding
FROM golang:1.22.5
COPY . /src
RUN go build -o /app /src
