FROM rockylinux:9.3
RUN yum install -y nginx-1.20.1 && yum clean all
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y jq-1.6
