FROM alpine:3.20.1
# expect-finding
ENV DB_PASSWORD=hunter2
# expect-finding
ENV api_key abc123
# expect-finding
ENV GPG_PASSPHRASE="correct horse battery staple"
# expect-finding
ENV ENCRYPTION_KEY=f00dbabe
# a name that points at or describes the secret, with a value that carries a credential
# expect-finding
ENV TOKEN_URL=https://svc:s3cr3t@idp.example.com/token
# expect-finding
ENV OIDC_TOKEN_ENDPOINT="https://idp.example.com/token?client_secret=s3cr3t"
# expect-finding
ENV TOKEN_TTL=AKIAIOSFODNN7EXAMPLE
# a default is a literal, stored in the image when the variable is unset: "If `variable` is not set then `word` will be
# the result" (moby/buildkit frontend/dockerfile/docs/reference.md, Environment replacement)
# expect-finding
ENV API_KEY=${API_KEY:-s3cr3t}
