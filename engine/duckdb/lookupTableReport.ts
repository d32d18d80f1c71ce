/** What one copy cost: for logs and the benchmark. */
export interface LookupTableReport {
  id: string;
  rows: number;
  /** 0 when a file a previous process finished was reused. */
  buildMs: number;
  bytes: number;
  error?: unknown;
  /** With `error`: the next lookup of the snapshot this long from now builds it again (parquet meanwhile). */
  retryInMs?: number;
}

/** What `/healthz` shows: how many copies are being built, attached or failed, and what each attached one cost. */
export interface LookupTableStatus {
  building: number;
  ready: number;
  /** Copies whose last build failed, waiting for their retry (their lookups read parquet meanwhile). */
  failed: number;
  tables: Omit<LookupTableReport, 'error' | 'retryInMs'>[];
}

/** A copy's table, held while one statement reads it: the copy is never detached while held. Release exactly once. */
export interface LookupLease {
  table: string;
  release(): void;
}
