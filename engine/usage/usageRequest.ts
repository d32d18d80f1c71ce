import type { ScanUsage } from './scanUsage';

/** One field of one product version a request read. */
export interface FieldRead {
  /** `<domain>.<product>` */
  product: string;
  version: number;
  /** The GraphQL field, e.g. `amountCents` or `customer`. */
  field: string;
  /** The contract column behind it (`amount_cents`), or null for a relation or a computed field. */
  column: string | null;
}

/** What the gateway records of one GraphQL request for the usage log. */
export interface UsageRequest {
  /** Epoch milliseconds when the request arrived. */
  at: number;
  /** The caller: its API key's subject, or `anonymous`. */
  consumer: string;
  /** The operation name, or null for an anonymous operation. */
  operation: string | null;
  /** `success`, `partial` (data with errors) or `error` (no data). */
  outcome: string;
  durationMs: number;
  /** Every field of a product version the operation selected. */
  fields: FieldRead[];
  /** What the subgraphs' SQL read, as they reported it. */
  scans: ScanUsage[];
}
