# Production image: the app on Node 20, talking to Postgres + pgvector through DATABASE_URL.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY core/package.json core/package.json
COPY app/package.json app/package.json
COPY bots/slack/package.json bots/slack/package.json
COPY bots/discord/package.json bots/discord/package.json
COPY lti/package.json lti/package.json
RUN npm ci --omit=dev --ignore-scripts
COPY core core
COPY app app
COPY bots bots
COPY lti lti
COPY prisma prisma
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "tsx", "app/src/main.ts"]
