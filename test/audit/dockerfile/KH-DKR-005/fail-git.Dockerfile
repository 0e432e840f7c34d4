FROM alpine:3.20.1
# expect-finding
ADD git@github.com:example/repo.git /src
