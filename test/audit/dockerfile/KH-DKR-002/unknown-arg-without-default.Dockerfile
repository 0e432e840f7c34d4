FROM alpine:3.20.1
ARG RUN_AS
# expect-finding
USER ${RUN_AS}
