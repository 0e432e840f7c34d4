FROM node:20.15.1
# expect-finding
RUN npm install -g typescript@latest && npm cache clean --force
