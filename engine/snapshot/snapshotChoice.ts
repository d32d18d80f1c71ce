/** Which snapshot a query reads: an exact id, the one in force at a time, or (neither) the latest. */
export interface SnapshotChoice {
  snapshot?: string | null;
  /** Canonical UTC text or ISO 8601. */
  asOf?: string | null;
}
