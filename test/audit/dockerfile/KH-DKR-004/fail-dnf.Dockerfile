FROM fedora:40
# expect-finding
RUN dnf install -y jq
