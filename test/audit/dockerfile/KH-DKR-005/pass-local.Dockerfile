FROM alpine:3.20.1
ADD rootfs.tar.gz /
COPY https-config.json /etc/app/
