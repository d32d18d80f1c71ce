# One image for every Tessera service (gateway, subgraphs, CLI); docker-compose.yml picks the command: the gateway,
# `cli/subgraph.ts <name>` for any subgraph (ports from schema/domains.yaml), or the CLI.
# TypeScript runs through tsx, so there is no build step.
# No secret is baked in: every container needs TESSERA_GATEWAY_SECRET (the same random value for the gateway and every
# subgraph, e.g. `openssl rand -hex 32`); with NODE_ENV=production the published development secret is refused.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    APOLLO_TELEMETRY_DISABLED=true \
    TESSERA_HOST=0.0.0.0
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY cli ./cli
COPY engine ./engine
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY schema ./schema
# The snapshot cache is written at run time.
RUN mkdir -p /app/.tessera-cache && chown node:node /app/.tessera-cache
USER node
EXPOSE 4000
CMD ["node", "--require", "tsx/cjs", "gateway/index.ts"]
