ARG BASE_IMAGE
# expect-finding
FROM ${BASE_IMAGE}
