# expect-finding
FROM node:20.15.1-alpine3.20
CMD ["node"]
