ARG TAG=latest
# expect-finding
FROM nginx:${TAG}
