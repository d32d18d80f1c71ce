import { resolve } from 'node:path';

/** Everything Tessera reads from the environment, read once at start, validated and frozen. */
export interface TesseraConfig {
  /** Root URI of the store: a local folder or `s3://bucket/prefix`. Env `TESSERA_STORE`. */
  store: string;
  /** Folder of the contracts. Env `TESSERA_SCHEMA_DIR`. */
  schemaDir: string;
  /** Local cache of snapshot files fetched from a remote store. Env `TESSERA_CACHE_DIR`. */
  cacheDir: string;
  /**
   * Size bound in bytes of that cache and of the lookup copies beside it (engine/duckdb/lookupTables.ts); least recently
   * used snapshots and copies are evicted past it. Env `TESSERA_CACHE_MAX_BYTES`.
   */
  cacheMaxBytes: number;
  /** S3 endpoint for S3-protocol servers (MinIO, s3rver). Env `TESSERA_S3_ENDPOINT` or `AWS_ENDPOINT_URL`. */
  s3Endpoint: string | undefined;
  /** Path-style S3 addressing, needed by most non-AWS servers. Env `TESSERA_S3_FORCE_PATH_STYLE`. */
  s3ForcePathStyle: boolean;
  /** DuckDB worker threads per process. Env `TESSERA_DUCKDB_THREADS`. */
  duckdbThreads: number;
  /** DuckDB memory limit, DuckDB syntax (`1GB`). Env `TESSERA_DUCKDB_MEMORY_LIMIT`. */
  duckdbMemoryLimit: string;
  /** DuckDB connections per subgraph process: statements running at once. Env `TESSERA_DUCKDB_CONNECTIONS`. */
  duckdbConnections: number;
  /** A statement estimated to read at least this many rows is heavy. Env `TESSERA_HEAVY_STATEMENT_ROWS`. */
  heavyStatementRows: number;
  /** Heavy statements running at once per subgraph (at most connections - 1). Env `TESSERA_HEAVY_STATEMENTS`. */
  heavyStatements: number;
  /** Statements waiting for a connection per subgraph; past it, RATE_LIMITED. Env `TESSERA_QUERY_QUEUE_LIMIT`. */
  queryQueueLimit: number;
  /** Heavy statements one caller may have waiting per subgraph; past it, RATE_LIMITED. Env `TESSERA_CALLER_QUEUE_LIMIT`. */
  callerQueueLimit: number;
  /**
   * Most keys a subgraph holds in memory to check that references to other domains' products exist; a product with
   * more rows is checked by a key lookup instead. Each key takes 12–20 bytes plus its text (a packed set). Env
   * `TESSERA_KEY_SET_MAX_KEYS`.
   */
  keySetMaxKeys: number;
  /**
   * Largest snapshot (rows) a subgraph copies into a local DuckDB table for key lookups, entity batches and relation
   * fetches (see engine/duckdb/lookupTables.ts); a larger one is read from parquet. 0 copies none.
   * Env `TESSERA_LOOKUP_TABLE_MAX_ROWS`.
   */
  lookupTableMaxRows: number;
  /**
   * Lookups of a snapshot whose copy is being built wait for it instead of reading parquet meanwhile (answers are the
   * same either way; tests set it so every lookup takes one path). Env `TESSERA_LOOKUP_TABLE_WAIT`.
   */
  lookupTableWait: boolean;
  /** Longest one SQL statement may wait and run in a subgraph before it is interrupted. Env `TESSERA_QUERY_TIMEOUT_MS`. */
  queryTimeoutMs: number;
  /** Longest an export may take to write its file, and the gateway wait for it. Env `TESSERA_EXPORT_TIMEOUT_MS`. */
  exportTimeoutMs: number;
  /** Largest `first` a list field accepts. Env `TESSERA_MAX_PAGE_SIZE`. */
  maxPageSize: number;
  /** Page size when `first` is not given. Env `TESSERA_DEFAULT_PAGE_SIZE`. */
  defaultPageSize: number;
  /**
   * How often the platform catalog looks for changed contracts under the schema folder (a new domain's products appear
   * without a restart); 0 reads them once at start. Env `TESSERA_CONTRACTS_POLL_MS`.
   */
  contractsPollMs: number;
  /** How long a subgraph trusts its knowledge of the latest snapshot before listing again. Env `TESSERA_SNAPSHOT_REFRESH_MS`. */
  snapshotRefreshMs: number;
  /**
   * Shared secret the gateway signs subgraph requests with. Env `TESSERA_GATEWAY_SECRET`.
   * @default the published {@link DEVELOPMENT_SECRET}, refused outside local development
   */
  gatewaySecret: string;
  /** Gateway port. Env `TESSERA_GATEWAY_PORT`. */
  gatewayPort: number;
  /**
   * Overrides the port `schema/domains.yaml` declares for this process's subgraph (0 = a free port; for `npm start`
   * only 0, every subgraph on a free port). Env `TESSERA_SUBGRAPH_PORT`. @default the declared port
   */
  subgraphPort: number | undefined;
  /** Host to bind servers to. Env `TESSERA_HOST`. */
  host: string;
  /** `development` shows error details to clients; `production` masks them. Env `NODE_ENV`. */
  mode: 'development' | 'production';
  /** pino log level. Env `TESSERA_LOG_LEVEL`. */
  logLevel: string;
  /** How often the monitor evaluates SLOs, snapshots, failures and life cycles. Env `TESSERA_MONITOR_INTERVAL_MS`. */
  monitorIntervalMs: number;
  /** Port of the monitor's `/metrics`, `/livez` (0 = a free port). Env `TESSERA_MONITOR_PORT`. */
  monitorPort: number;
  /**
   * How often the life-cycle events of versions still deprecated or retired are routed again, so a consumer that
   * started reading such a version since is told too. Env `TESSERA_MONITOR_REROUTE_MS`. @default 300000
   */
  monitorRerouteMs: number;
  /** Attempts of one webhook delivery before it is dead-lettered. Env `TESSERA_WEBHOOK_MAX_ATTEMPTS`. */
  webhookMaxAttempts: number;
  /** Wait before the first retry; each further retry waits twice as long. Env `TESSERA_WEBHOOK_BACKOFF_MS`. */
  webhookBackoffMs: number;
  /** Longest wait between two attempts. Env `TESSERA_WEBHOOK_BACKOFF_MAX_MS`. */
  webhookBackoffMaxMs: number;
  /** How long one attempt waits for the receiver's answer. Env `TESSERA_WEBHOOK_TIMEOUT_MS`. */
  webhookTimeoutMs: number;
  /**
   * How long a claimed attempt without a recorded outcome is left to the monitor that claimed it; past it, the
   * attempt counts as failed and another monitor retries (longer than the timeout). Env `TESSERA_WEBHOOK_LEASE_MS`.
   */
  webhookLeaseMs: number;
}

/**
 * The development secret, published in this repository: accepted only in local development ({@link isLocalDevelopment}),
 * where nothing but this machine can reach the subgraphs.
 */
export const DEVELOPMENT_SECRET = 'tessera-development-secret';

/** True for a host name or address that only this machine can reach: `localhost`, 127.0.0.0/8, `::1`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Local development: `NODE_ENV` is not `production` and the process listens on a loopback address only
 * (`TESSERA_HOST`), so its subgraphs cannot be reached from another machine. Anything else must sign with a secret of
 * its own.
 */
export function isLocalDevelopment(mode: TesseraConfig['mode'], host: string): boolean {
  return mode === 'development' && isLoopbackHost(host);
}

/** Defaults, in one place. */
export const DEFAULT_CONFIG: Readonly<TesseraConfig> = Object.freeze({
  store: resolve('data'),
  schemaDir: resolve('schema'),
  cacheDir: resolve('.tessera-cache'),
  cacheMaxBytes: 10 * 1024 ** 3,
  s3Endpoint: undefined,
  s3ForcePathStyle: false,
  duckdbThreads: 2,
  duckdbMemoryLimit: '2GB',
  duckdbConnections: 4,
  heavyStatementRows: 250_000,
  heavyStatements: 1,
  queryQueueLimit: 1024,
  callerQueueLimit: 8,
  keySetMaxKeys: 3_000_000,
  lookupTableMaxRows: 50_000_000,
  lookupTableWait: false,
  queryTimeoutMs: 30_000,
  exportTimeoutMs: 600_000,
  maxPageSize: 1000,
  defaultPageSize: 100,
  snapshotRefreshMs: 5000,
  contractsPollMs: 5000,
  gatewaySecret: DEVELOPMENT_SECRET,
  gatewayPort: 4000,
  subgraphPort: undefined,
  host: '127.0.0.1',
  mode: 'development',
  logLevel: 'info',
  monitorIntervalMs: 30_000,
  monitorPort: 9464,
  monitorRerouteMs: 300_000,
  webhookMaxAttempts: 10,
  webhookBackoffMs: 30_000,
  webhookBackoffMaxMs: 3_600_000,
  webhookTimeoutMs: 10_000,
  webhookLeaseMs: 60_000,
});

/** Thrown at start when the environment holds a value that cannot be used. */
export class ConfigError extends Error {
  constructor(variable: string, expected: string, received: string) {
    super(`${variable}: expected ${expected}, got "${received}"`);
    this.name = 'ConfigError';
  }
}

/**
 * A whole number from `env[name]`, or `fallback` when unset or empty.
 * @throws ConfigError when it is not a whole number from `min` to `max`.
 */
export function envInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(name, `a whole number from ${min} to ${max}`, raw);
  return n;
}

/**
 * A boolean from `env[name]` (true/false, 1/0, yes/no), or `fallback` when unset or empty.
 * @throws ConfigError for anything else.
 */
export function envBool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  throw new ConfigError(name, 'true or false', raw);
}

/**
 * Reads the configuration from an environment (normally `process.env`), once, at start.
 * @throws ConfigError naming the variable, what was expected and what it held.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Readonly<TesseraConfig> {
  const d = DEFAULT_CONFIG;
  const mode = env.NODE_ENV === 'production' ? 'production' : 'development';
  const secret = env.TESSERA_GATEWAY_SECRET ?? d.gatewaySecret;
  const host = env.TESSERA_HOST ?? d.host;
  if (secret.trim() === '') throw new ConfigError('TESSERA_GATEWAY_SECRET', 'a non-empty secret', secret);
  if (secret === DEVELOPMENT_SECRET && !isLocalDevelopment(mode, host)) {
    throw new ConfigError('TESSERA_GATEWAY_SECRET',
      `a secret of your own outside local development (NODE_ENV=${env.NODE_ENV ?? ''}, TESSERA_HOST=${host}; local development ` +
      'is NODE_ENV other than production with TESSERA_HOST on loopback), e.g. TESSERA_GATEWAY_SECRET=$(openssl rand -hex 32)',
      '(the published development secret)');
  }
  const memory = env.TESSERA_DUCKDB_MEMORY_LIMIT ?? d.duckdbMemoryLimit;
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memory)) {
    throw new ConfigError('TESSERA_DUCKDB_MEMORY_LIMIT', 'a size such as 512MB or 2GB', memory);
  }
  const config: TesseraConfig = {
    store: env.TESSERA_STORE ? (env.TESSERA_STORE.startsWith('s3://') ? env.TESSERA_STORE : resolve(env.TESSERA_STORE)) : d.store,
    schemaDir: env.TESSERA_SCHEMA_DIR ? resolve(env.TESSERA_SCHEMA_DIR) : d.schemaDir,
    cacheDir: env.TESSERA_CACHE_DIR ? resolve(env.TESSERA_CACHE_DIR) : d.cacheDir,
    cacheMaxBytes: envInt(env, 'TESSERA_CACHE_MAX_BYTES', d.cacheMaxBytes, 1024 * 1024, Number.MAX_SAFE_INTEGER),
    s3Endpoint: env.TESSERA_S3_ENDPOINT || env.AWS_ENDPOINT_URL || undefined,
    s3ForcePathStyle: envBool(env, 'TESSERA_S3_FORCE_PATH_STYLE', d.s3ForcePathStyle),
    duckdbThreads: envInt(env, 'TESSERA_DUCKDB_THREADS', d.duckdbThreads, 1, 256),
    duckdbMemoryLimit: memory,
    duckdbConnections: envInt(env, 'TESSERA_DUCKDB_CONNECTIONS', d.duckdbConnections, 2, 64),
    heavyStatementRows: envInt(env, 'TESSERA_HEAVY_STATEMENT_ROWS', d.heavyStatementRows, 1, Number.MAX_SAFE_INTEGER),
    heavyStatements: envInt(env, 'TESSERA_HEAVY_STATEMENTS', d.heavyStatements, 1, 63),
    queryQueueLimit: envInt(env, 'TESSERA_QUERY_QUEUE_LIMIT', d.queryQueueLimit, 1, 100_000),
    callerQueueLimit: envInt(env, 'TESSERA_CALLER_QUEUE_LIMIT', d.callerQueueLimit, 1, 100_000),
    keySetMaxKeys: envInt(env, 'TESSERA_KEY_SET_MAX_KEYS', d.keySetMaxKeys, 0, 100_000_000),
    lookupTableMaxRows: envInt(env, 'TESSERA_LOOKUP_TABLE_MAX_ROWS', d.lookupTableMaxRows, 0, 10_000_000_000),
    lookupTableWait: envBool(env, 'TESSERA_LOOKUP_TABLE_WAIT', d.lookupTableWait),
    queryTimeoutMs: envInt(env, 'TESSERA_QUERY_TIMEOUT_MS', d.queryTimeoutMs, 1, 3_600_000),
    exportTimeoutMs: envInt(env, 'TESSERA_EXPORT_TIMEOUT_MS', d.exportTimeoutMs, 1, 86_400_000),
    maxPageSize: envInt(env, 'TESSERA_MAX_PAGE_SIZE', d.maxPageSize, 1, 10_000_000),
    defaultPageSize: envInt(env, 'TESSERA_DEFAULT_PAGE_SIZE', d.defaultPageSize, 1, 10_000_000),
    snapshotRefreshMs: envInt(env, 'TESSERA_SNAPSHOT_REFRESH_MS', d.snapshotRefreshMs, 0, 86_400_000),
    contractsPollMs: envInt(env, 'TESSERA_CONTRACTS_POLL_MS', d.contractsPollMs, 0, 86_400_000),
    gatewaySecret: secret,
    gatewayPort: envInt(env, 'TESSERA_GATEWAY_PORT', d.gatewayPort, 0, 65535),
    subgraphPort: env.TESSERA_SUBGRAPH_PORT ? envInt(env, 'TESSERA_SUBGRAPH_PORT', 0, 0, 65535) : d.subgraphPort,
    host,
    mode,
    logLevel: env.TESSERA_LOG_LEVEL ?? d.logLevel,
    monitorIntervalMs: envInt(env, 'TESSERA_MONITOR_INTERVAL_MS', d.monitorIntervalMs, 10, 86_400_000),
    monitorPort: envInt(env, 'TESSERA_MONITOR_PORT', d.monitorPort, 0, 65535),
    monitorRerouteMs: envInt(env, 'TESSERA_MONITOR_REROUTE_MS', d.monitorRerouteMs, 0, 7 * 86_400_000),
    webhookMaxAttempts: envInt(env, 'TESSERA_WEBHOOK_MAX_ATTEMPTS', d.webhookMaxAttempts, 1, 1000),
    webhookBackoffMs: envInt(env, 'TESSERA_WEBHOOK_BACKOFF_MS', d.webhookBackoffMs, 1, 86_400_000),
    webhookBackoffMaxMs: envInt(env, 'TESSERA_WEBHOOK_BACKOFF_MAX_MS', d.webhookBackoffMaxMs, 1, 7 * 86_400_000),
    webhookTimeoutMs: envInt(env, 'TESSERA_WEBHOOK_TIMEOUT_MS', d.webhookTimeoutMs, 1, 600_000),
    webhookLeaseMs: envInt(env, 'TESSERA_WEBHOOK_LEASE_MS', d.webhookLeaseMs, 1, 86_400_000),
  };
  if (config.heavyStatements >= config.duckdbConnections) {
    throw new ConfigError('TESSERA_HEAVY_STATEMENTS', `fewer than TESSERA_DUCKDB_CONNECTIONS (${config.duckdbConnections}), so light queries keep a connection`, String(config.heavyStatements));
  }
  if (config.webhookLeaseMs <= config.webhookTimeoutMs) {
    throw new ConfigError('TESSERA_WEBHOOK_LEASE_MS', `more than TESSERA_WEBHOOK_TIMEOUT_MS (${config.webhookTimeoutMs}), so an attempt in flight is never taken over`, String(config.webhookLeaseMs));
  }
  if (config.webhookBackoffMaxMs < config.webhookBackoffMs) {
    throw new ConfigError('TESSERA_WEBHOOK_BACKOFF_MAX_MS', `at least TESSERA_WEBHOOK_BACKOFF_MS (${config.webhookBackoffMs})`, String(config.webhookBackoffMaxMs));
  }
  if (config.defaultPageSize > config.maxPageSize) {
    throw new ConfigError('TESSERA_DEFAULT_PAGE_SIZE', `at most TESSERA_MAX_PAGE_SIZE (${config.maxPageSize})`, String(config.defaultPageSize));
  }
  return Object.freeze(config);
}
