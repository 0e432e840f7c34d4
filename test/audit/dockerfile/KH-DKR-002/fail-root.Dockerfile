FROM alpine:3.20.1
USER 10001
RUN echo switch back
# expect-finding
USER root
