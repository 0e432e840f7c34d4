FROM alpine:3.20.1
# expect-finding
ADD https://example.com/tool.tar.gz /opt/
# expect-finding
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d http://example.com/a.bin /opt/a.bin
