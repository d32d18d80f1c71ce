/**
 * What a subgraph's SQL read for one request, per product version and snapshot: the list a domain subgraph sends the
 * gateway under `extensions.tessera.usage`, so the gateway's usage log can say what each request cost.
 */
export interface ScanUsage {
  /** `<domain>.<product>` */
  product: string;
  version: number;
  snapshot: string;
  /** SQL statements that read the snapshot's files. */
  statements: number;
  /** Rows those statements returned. */
  rows: number;
  /**
   * Compressed bytes of the parquet column chunks the statements' scans may read: for every file a statement opens,
   * the column chunks (all row groups) of every column it names (see docs/usage.md, "Bytes scanned").
   */
  bytesScanned: number;
  /** Milliseconds the statements ran on a DuckDB connection (waiting for one not included). */
  engineMs: number;
}

/** Whether a value (from a subgraph response) is a well-formed {@link ScanUsage}. */
export function isScanUsage(value: unknown): value is ScanUsage {
  const o = value as Partial<ScanUsage> | null;
  return !!o && typeof o.product === 'string' && typeof o.version === 'number' && typeof o.snapshot === 'string'
    && [o.statements, o.rows, o.bytesScanned, o.engineMs].every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0);
}

/** Sums usage entries per product, version and snapshot, in a stable order. */
export function mergeScanUsage(entries: readonly ScanUsage[]): ScanUsage[] {
  const merged = new Map<string, ScanUsage>();
  for (const e of entries) {
    const key = `${e.product}\u0000${e.version}\u0000${e.snapshot}`;
    const into = merged.get(key);
    if (!into) merged.set(key, { ...e });
    else {
      into.statements += e.statements;
      into.rows += e.rows;
      into.bytesScanned += e.bytesScanned;
      into.engineMs += e.engineMs;
    }
  }
  return [...merged.values()].sort((a, b) => a.product.localeCompare(b.product) || a.version - b.version || a.snapshot.localeCompare(b.snapshot));
}
