FROM alpine:3.20.1
RUN echo 1
COPY a /a
COPY b /b
ENV X=1
ADD c.tar /c
RUN echo 2
# expect-finding
RUN echo 3
