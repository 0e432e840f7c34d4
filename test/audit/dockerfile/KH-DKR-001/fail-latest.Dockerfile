# expect-finding
FROM alpine:latest
RUN echo hi
