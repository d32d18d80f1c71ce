import { resolve } from 'node:path';
import type { TesseraConfig } from '../engine/config';
import { ConfigError, DEVELOPMENT_SECRET, envBool, envInt, isLoopbackHost, readConfig } from '../engine/config';

/** What the gateway reads from the environment on top of {@link TesseraConfig}; read once at start, frozen. */
export interface GatewayConfig extends TesseraConfig {
  /** The composed supergraph it serves and watches. Env `TESSERA_SUPERGRAPH_FILE`. @default schema/supergraph.graphql */
  supergraphFile: string;
  /**
   * Where each subgraph listens, by subgraph name, overriding the address the supergraph records (its declared one
   * in `schema/domains.yaml`). Env `TESSERA_SUBGRAPH_URLS`: `sales=http://sales:4003/graphql,platform=…`.
   */
  subgraphUrls: Readonly<Record<string, string>>;
  /** YAML file of API keys; unset means no keys. Env `TESSERA_API_KEYS_FILE`. */
  apiKeysFile: string | undefined;
  /** Whether callers without a key are served, as `anonymous` without the pii scope. Env `TESSERA_ANONYMOUS_ACCESS`. @default true in development, false in production */
  anonymousAccess: boolean;
  /** A subgraph answering slower than this costs its fields (SUBGRAPH_UNAVAILABLE). Env `TESSERA_SUBGRAPH_TIMEOUT_MS`. @default 10000 */
  subgraphTimeoutMs: number;
  /** The deadline of a whole request. Env `TESSERA_REQUEST_TIMEOUT_MS`. @default 30000 */
  requestTimeoutMs: number;
  /** Deepest selection nesting accepted (introspection excluded). Env `TESSERA_MAX_QUERY_DEPTH`. @default 12 */
  maxQueryDepth: number;
  /** Most aliases in one operation. Env `TESSERA_MAX_ALIASES`. @default 30 */
  maxAliases: number;
  /** Most rows one operation may ask for in all, nested pages multiplied. Env `TESSERA_MAX_QUERY_ROWS`. @default 100000 */
  maxQueryRows: number;
  /** Requests per minute per API key (per client address when anonymous); 0 disables. Env `TESSERA_RATE_LIMIT_PER_MINUTE`. @default 600 */
  rateLimitPerMinute: number;
  /** Estimated rows (the row estimate of each operation) a minute per API key (per address when anonymous); 0 disables. Env `TESSERA_ROWS_PER_MINUTE`. @default 5000000 */
  rowsPerMinute: number;
  /** Failed authentications (unknown or expired keys) a minute per client address; 0 disables. Env `TESSERA_AUTH_FAILURES_PER_MINUTE`. @default 10 */
  authFailuresPerMinute: number;
  /** How often the keys file is checked for changes. Env `TESSERA_API_KEYS_POLL_MS`. @default 2000 */
  apiKeysPollMs: number;
  /** Largest request body accepted, in bytes. Env `TESSERA_MAX_BODY_BYTES`. @default 1 MiB */
  maxBodyBytes: number;
  /** How often the supergraph file is checked for changes. Env `TESSERA_SUPERGRAPH_POLL_MS`. @default 1000 */
  supergraphPollMs: number;
  /** Most field selections in one operation once fragments are expanded. Env `TESSERA_MAX_SELECTIONS`. @default 2000 */
  maxSelections: number;
  /** Most lexical tokens in one document. Env `TESSERA_MAX_TOKENS`. @default 20000 */
  maxTokens: number;
  /** Longest string literal in a document or string in the variables, in characters. Env `TESSERA_MAX_STRING_LENGTH`. @default 16384 */
  maxStringLength: number;
  /** Largest variables object of one request, as JSON. Env `TESSERA_MAX_VARIABLES_BYTES`. @default 256 KiB */
  maxVariablesBytes: number;
  /** Memory the parsed-document cache may hold (estimated). Env `TESSERA_DOCUMENT_CACHE_BYTES`. @default 32 MiB */
  documentCacheBytes: number;
  /**
   * Bytes of query answers kept in memory to answer repeated queries over the same snapshots (0 turns the cache off;
   * answers still carry ETags). Env `TESSERA_ANSWER_CACHE_BYTES`, default 64 MiB.
   */
  answerCacheBytes: number;
  /** Bytes of documents registered by automatic persisted queries. Env `TESSERA_APQ_CACHE_BYTES`, default 16 MiB. */
  apqCacheBytes: number;
  /** How often the usage aggregated in memory is appended to the store's usage log; 0 records no usage. Env `TESSERA_USAGE_FLUSH_MS`. @default 60000 */
  usageFlushMs: number;
  /** How long an export job and its file are kept after it started. Env `TESSERA_EXPORT_JOB_RETENTION_MS`. @default 86400000 (24 h) */
  exportJobRetentionMs: number;
  /** Export jobs one caller may have running at once in a gateway. Env `TESSERA_EXPORT_JOBS_PER_CALLER`. @default 4 */
  exportJobsPerCaller: number;
}

function parseUrls(raw: string | undefined): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const entry of (raw ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const match = /^([a-z][a-z0-9_-]*)=(https?:\/\/\S+)$/i.exec(entry);
    if (!match) throw new ConfigError('TESSERA_SUBGRAPH_URLS', 'comma-separated name=http://host:port/ pairs', entry);
    urls[match[1]!] = match[2]!;
  }
  return urls;
}

/**
 * Reads the gateway's configuration (and the shared {@link readConfig} one) from an environment, once, at start.
 * @throws ConfigError naming the variable, what was expected and what it held.
 */
export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): Readonly<GatewayConfig> {
  const base = readConfig(env);
  const config: GatewayConfig = {
    ...base,
    supergraphFile: resolve(env.TESSERA_SUPERGRAPH_FILE || 'schema/supergraph.graphql'),
    subgraphUrls: Object.freeze(parseUrls(env.TESSERA_SUBGRAPH_URLS)),
    apiKeysFile: env.TESSERA_API_KEYS_FILE ? resolve(env.TESSERA_API_KEYS_FILE) : undefined,
    anonymousAccess: envBool(env, 'TESSERA_ANONYMOUS_ACCESS', base.mode === 'development'),
    subgraphTimeoutMs: envInt(env, 'TESSERA_SUBGRAPH_TIMEOUT_MS', 10_000, 1, 600_000),
    requestTimeoutMs: envInt(env, 'TESSERA_REQUEST_TIMEOUT_MS', 30_000, 1, 3_600_000),
    maxQueryDepth: envInt(env, 'TESSERA_MAX_QUERY_DEPTH', 12, 1, 1000),
    maxAliases: envInt(env, 'TESSERA_MAX_ALIASES', 30, 0, 10_000),
    maxQueryRows: envInt(env, 'TESSERA_MAX_QUERY_ROWS', 100_000, 1, 1_000_000_000),
    rateLimitPerMinute: envInt(env, 'TESSERA_RATE_LIMIT_PER_MINUTE', 600, 0, 10_000_000),
    rowsPerMinute: envInt(env, 'TESSERA_ROWS_PER_MINUTE', 5_000_000, 0, Number.MAX_SAFE_INTEGER),
    authFailuresPerMinute: envInt(env, 'TESSERA_AUTH_FAILURES_PER_MINUTE', 10, 0, 10_000_000),
    apiKeysPollMs: envInt(env, 'TESSERA_API_KEYS_POLL_MS', 2000, 50, 3_600_000),
    maxBodyBytes: envInt(env, 'TESSERA_MAX_BODY_BYTES', 1024 * 1024, 1024, 1024 ** 3),
    supergraphPollMs: envInt(env, 'TESSERA_SUPERGRAPH_POLL_MS', 1000, 50, 3_600_000),
    maxSelections: envInt(env, 'TESSERA_MAX_SELECTIONS', 2000, 1, 1_000_000),
    maxTokens: envInt(env, 'TESSERA_MAX_TOKENS', 20_000, 100, 10_000_000),
    maxStringLength: envInt(env, 'TESSERA_MAX_STRING_LENGTH', 16_384, 1, 1024 ** 3),
    maxVariablesBytes: envInt(env, 'TESSERA_MAX_VARIABLES_BYTES', 256 * 1024, 2, 1024 ** 3),
    apqCacheBytes: envInt(env, 'TESSERA_APQ_CACHE_BYTES', 16 * 1024 ** 2, 1024, 16 * 1024 ** 3),
    answerCacheBytes: envInt(env, 'TESSERA_ANSWER_CACHE_BYTES', 64 * 1024 ** 2, 0, 64 * 1024 ** 3),
    documentCacheBytes: envInt(env, 'TESSERA_DOCUMENT_CACHE_BYTES', 32 * 1024 ** 2, 0, 64 * 1024 ** 3),
    usageFlushMs: envInt(env, 'TESSERA_USAGE_FLUSH_MS', 60_000, 0, 24 * 3_600_000),
    exportJobRetentionMs: envInt(env, 'TESSERA_EXPORT_JOB_RETENTION_MS', 86_400_000, 1000, 365 * 86_400_000),
    exportJobsPerCaller: envInt(env, 'TESSERA_EXPORT_JOBS_PER_CALLER', 4, 1, 10_000),
  };
  // Subgraphs another machine reaches are not local development: they must not trust the published secret.
  const remote = Object.entries(config.subgraphUrls).find(([, url]) => !isLoopbackHost(new URL(url).hostname));
  if (config.gatewaySecret === DEVELOPMENT_SECRET && remote) {
    throw new ConfigError('TESSERA_GATEWAY_SECRET', `a secret of your own when a subgraph is not on loopback (${remote[0]} is not)`,
      '(the published development secret)');
  }
  if (config.mode === 'production' && !config.apiKeysFile && !config.anonymousAccess) {
    throw new ConfigError('TESSERA_API_KEYS_FILE', 'a keys file in production (or TESSERA_ANONYMOUS_ACCESS=true)', '(unset)');
  }
  return Object.freeze(config);
}

/**
 * The URL the gateway reaches subgraph `name` at: configured in `TESSERA_SUBGRAPH_URLS`, else the one the supergraph
 * records for it (`recorded`, its declared address). It never depends on the other subgraphs.
 */
export function subgraphUrl(config: Pick<GatewayConfig, 'subgraphUrls'>, name: string, recorded: string): string {
  return config.subgraphUrls[name] ?? recorded;
}
