FROM alpine:3.20.1 AS build
RUN echo 1
RUN echo 2
RUN echo 3
RUN echo 4
RUN echo 5
RUN echo 6
FROM scratch
COPY --from=build /a /a
COPY --from=build /b /b
COPY --from=build /c /c
ADD local.tar /d
RUN ["/a"]
