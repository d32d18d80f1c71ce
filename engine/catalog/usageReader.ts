/** One consumer's recent reads of some fields of one product version, from the gateway's usage records. */
export interface RecentRead {
  /** The API key id, or `anonymous`. */
  consumer: string;
  /** `<domain>.<product>` */
  product: string;
  version: number;
  /** GraphQL field names read, e.g. `amountCents`. */
  fields: string[];
  /** ISO 8601 UTC time of the last read. */
  lastReadAt: string;
}

/**
 * What impact analysis needs from usage records: who read which fields of which product versions since a time. The
 * catalog passes the fields of the affected columns; an implementation returns only reads of those fields.
 */
export interface UsageReader {
  recentReads(product: string, version: number, fields: readonly string[], since: Date): Promise<RecentRead[]>;
}
