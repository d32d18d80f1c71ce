import type { Logger } from 'pino';
import type { CallerIdentity } from '../engine/auth/callerIdentity';
import type { ServedProduct } from '../engine/snapshot/servedProduct';
import type { SnapshotPins } from '../engine/snapshot/snapshotPins';
import type { ScanUsage } from '../engine/usage/scanUsage';
import type { CallerLimitState } from './callerLimits';

/** What the gateway knows about one client request while it runs. */
export interface GatewayContext {
  /** The caller, as its API key (or anonymous access) established it. */
  identity: CallerIdentity;
  /** Request id: from a sane `x-request-id` header, else generated; in every log line and sent to subgraphs. */
  requestId: string;
  /** The request's logger (pino child with the request id). */
  logger: Logger;
  /** Epoch milliseconds after which subgraph fetches are abandoned. */
  deadline: number;
  /** The snapshot every product version of this request reads, chosen once when it arrived; sent to each subgraph. */
  pins: SnapshotPins;
  /** Where the caller stands against its quotas (requests and rows a minute), for the RateLimit headers. */
  limits?: CallerLimitState;
  /** What the subgraphs said they served, collected from their `extensions.tessera.products`. */
  products: ServedProduct[];
  /** What the subgraphs' SQL read, collected from their `extensions.tessera.usage`, for the usage log. */
  scans?: ScanUsage[];
  /** The only documents (SHA-256 hex) the caller's key may run, when it is limited to trusted documents. */
  trustedDocuments?: ReadonlySet<string>;
  /** The subgraphs the request asked (their names), filled as it runs. */
  subgraphs?: Set<string>;
}
