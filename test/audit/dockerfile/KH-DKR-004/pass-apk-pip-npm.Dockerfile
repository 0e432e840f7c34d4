FROM python:3.12.4-alpine3.20
RUN apk add --no-cache tini=0.19.0-r3
RUN pip install --no-cache-dir flask==3.0.3 -r requirements.txt
RUN python -m pip install --no-cache-dir gunicorn==22.0.0
RUN npm install -g pnpm@9.4.0 && npm cache clean --force
RUN npm ci
