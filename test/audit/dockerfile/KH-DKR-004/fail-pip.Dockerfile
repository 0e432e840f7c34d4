FROM python:3.12.4-slim
# expect-finding
RUN pip3 install --no-cache-dir requests "flask>=3"
