import type { TesseraConfig } from '../engine/config';
import type { ProductContract } from '../engine/contract/types';
import type { AdmitListener, QueryListener } from '../engine/duckdb/connectionPool';
import { CATALOG_SUBGRAPH_NAME } from '../engine/catalog/catalogTypeDefs';
import { startCatalogSubgraph } from '../engine/catalog/startCatalogSubgraph';
import type { RunningSubgraph } from '../engine/server/createDomainSubgraph';
import { createDomainSubgraph } from '../engine/server/createDomainSubgraph';
import type { ObjectStore } from '../engine/storage/objectStore';

/** How {@link startInProcessSubgraphs} runs the subgraphs: what a test observes or replaces. */
export interface InProcessSubgraphOptions {
  /** Configuration of every subgraph (store URI, cache folder, DuckDB settings, the gateway secret). */
  config: Readonly<TesseraConfig>;
  /** The contracts the domain subgraphs serve (the platform catalog reads `config.schemaDir`). */
  contracts: ProductContract[];
  /** The store of the domain subgraphs. */
  store: ObjectStore;
  /** Start the platform catalog beside the domains. @default true */
  catalog?: boolean;
  /** Called after every SQL statement of a domain (tests count them). */
  onQuery?: (domain: string, ...sql: Parameters<QueryListener>) => void;
  /** Called when a domain's statement is admitted to a DuckDB connection. */
  onAdmit?: (domain: string, ...admitted: Parameters<AdmitListener>) => void;
}

/** Subgraphs running in this process. */
export interface InProcessSubgraphs {
  /** Subgraph name → GraphQL URL. */
  urls: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts the subgraph of each of `domains`, and the platform catalog, in this process on free ports: the same
 * subgraphs the generic runner (`cli/subgraph.ts`) starts as processes, for tests that observe their statements.
 * @throws Error when one fails to start (the others are stopped first).
 */
export async function startInProcessSubgraphs(domains: string[], options: InProcessSubgraphOptions): Promise<InProcessSubgraphs> {
  const { config, contracts, store, onQuery, onAdmit } = options;
  const starts: [string, Promise<RunningSubgraph>][] = domains.map((domain) => [domain, createDomainSubgraph({
    config, domain, contracts, store, port: 0,
    onQuery: onQuery && ((...sql) => onQuery(domain, ...sql)),
    onAdmit: onAdmit && ((...admitted) => onAdmit(domain, ...admitted)),
  })]);
  if (options.catalog ?? true) starts.push([CATALOG_SUBGRAPH_NAME, startCatalogSubgraph(config, 0)]);
  const settled = await Promise.allSettled(starts.map(([, start]) => start));
  const running = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async (): Promise<void> => {
    await Promise.allSettled(running.map((r) => r.stop()));
  };
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { urls: Object.fromEntries(starts.map(([name], i) => [name, running[i]!.url])), stop };
}
