import type { SampleSizes } from '../../engine/sample/sampleSql';

/** A GraphQL request body. */
export interface GraphQLRequest {
  query: string;
  variables: Record<string, unknown>;
}

/** A hand-written DuckDB statement; `{orders}` and `{customers}` stand for `read_parquet([...])` of the snapshot files. */
export interface SqlRequest {
  sql: string;
  params: (string | number | boolean)[];
}

/**
 * The same question for the PostgreSQL peer (the tables loaded by bench/postgres/loadPostgres.ts): PostGraphile's
 * GraphQL, and plain SQL whose rows reduce with the family's `fingerprintSql`.
 */
export interface PeerQuestion {
  postgraphile(i: number): GraphQLRequest;
  /** PostGraphile's `data`, reduced to the same text as the other answers. */
  fingerprintPostgraphile(data: unknown): string;
  /** The hand-written statement for PostgreSQL over the tables `orders` and `customers` (`$1`… parameters). */
  postgres(i: number): SqlRequest;
}

/** The subgraphs a query can be sent to directly. */
export type DirectSubgraph = 'sales' | 'customers';

/**
 * One query family of the benchmark: the same question asked through the gateway, straight to the subgraph that owns
 * it, and of DuckDB with hand-written SQL over the same parquet files. `i` varies keys and filters deterministically,
 * so no cache makes repeated requests trivial. `fingerprint*` reduce both answers to the same comparable text, so a
 * benchmark run proves it timed the same question three times.
 */
export interface QueryFamily {
  id: string;
  title: string;
  /** The subgraph `direct` goes to. */
  subgraph: DirectSubgraph;
  /** What the direct figure covers when it is not the whole question (Q4: only the sales part). */
  directNote?: string;
  gateway(i: number): GraphQLRequest;
  direct(i: number): GraphQLRequest;
  reference(i: number): SqlRequest;
  /** The answer of `gateway(i)`'s `data`, reduced to text. */
  fingerprintGraphQL(data: unknown): string;
  /** The answer of `reference(i)`'s rows, reduced to the same text. */
  fingerprintSql(rows: Record<string, unknown>[]): string;
  peer: PeerQuestion;
}

/** First order id of the sample data (order i is `1_000_000 + i`, i from 1). */
export const FIRST_ORDER_ID = 1_000_001;
/** The sample's orders span 730 days from this instant, in order id order. */
export const ORDERS_START_MS = Date.UTC(2024, 0, 1);
/** Length of that span in days. */
export const ORDER_SPAN_DAYS = 730;
const DAY_MS = 86_400_000;

/** A deterministic, well spread whole number in [0, n) for request i (a multiplicative hash). */
export function spread(i: number, salt: number, n: number): number {
  if (n <= 1) return 0;
  const h = Math.imul((i + 1) * 2654435761 + salt * 40503, 0x9e3779b1) >>> 0;
  return h % n;
}

/** Order id `k` of the sample (k from 0). */
export function orderId(k: number): number {
  return FIRST_ORDER_ID + k;
}

/** Customer id `k` of the sample (k from 0): `C0000001`, … */
export function customerId(k: number): string {
  return `C${String(k + 1).padStart(7, '0')}`;
}

/** The instant `days` after the start of the sample's orders, in ISO 8601 UTC. */
export function dayIso(days: number): string {
  return new Date(ORDERS_START_MS + days * DAY_MS).toISOString();
}

/** Builds every family for a scale. */
export type FamilyFactory = (sizes: SampleSizes) => QueryFamily;

/** Reads a path of plain objects out of GraphQL data; throws when the shape differs. */
export function pick(data: unknown, ...path: string[]): unknown {
  let here = data;
  for (const step of path) {
    if (typeof here !== 'object' || here === null || !(step in here)) throw new Error(`expected ${path.join('.')} in the answer, missing at ${step}`);
    here = (here as Record<string, unknown>)[step];
  }
  return here;
}

/** A list out of GraphQL data at a path. */
export function pickList(data: unknown, ...path: string[]): Record<string, unknown>[] {
  const list = pick(data, ...path);
  if (!Array.isArray(list)) throw new Error(`expected a list at ${path.join('.')}, got ${typeof list}`);
  return list as Record<string, unknown>[];
}

/** Text of a scalar as both sides render it (Long and BIGINT as digits). */
export function text(value: unknown): string {
  return value === null || value === undefined ? 'null' : String(value);
}

/**
 * An instant as every side renders it, in ms since the epoch: Tessera's ISO text with `Z`, DuckDB JSON's
 * `YYYY-MM-DD hh:mm:ss` (UTC), PostgreSQL's `YYYY-MM-DD hh:mm:ss+00` and PostGraphile's `…T…+00:00`.
 */
export function instant(value: unknown): string {
  if (typeof value !== 'string') return text(value);
  const [date, time = ''] = (value.includes('T') ? value : value.replace(' ', 'T')).split('T');
  const zone = /(Z|[+-]\d\d(:?\d\d)?)$/.exec(time)?.[0];
  const zoned = zone === undefined ? `${time}Z` : /^[+-]\d\d$/.test(zone) ? `${time}:00` : time;
  return String(Date.parse(`${date}T${zoned}`));
}
