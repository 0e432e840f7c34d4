FROM alpine:3.20.1
# names that describe a secret, not hold it: its name, lifetime, shape, policy, issuer, header
ENV SECRET_NAME=db-creds TOKEN_TTL=3600 PASSWORD_POLICY=strict TOKEN_EXPIRY_SECONDS=60
ENV PASSWORD_MIN_LENGTH=12 SECRET_ROTATION_ENABLED=true JWT_TOKEN_ISSUER=https://idp API_KEY_HEADER=X-Api-Key
ARG SECRET_VERSION=latest
