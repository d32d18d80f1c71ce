import type { DocumentNode } from 'graphql';
import type { GatewayMetrics } from './gatewayMetrics';

/**
 * Apollo Server's cache of parsed and validated operations, bounded by entry count (least recently used out first),
 * counting hits and misses in the gateway metrics.
 */
export class DocumentStore {
  private readonly entries = new Map<string, DocumentNode>();

  constructor(private readonly metrics: GatewayMetrics, private readonly maxEntries = 1000) {}

  async get(key: string): Promise<DocumentNode | undefined> {
    const doc = this.entries.get(key);
    this.metrics.documentCache.inc({ result: doc ? 'hit' : 'miss' });
    if (doc) {
      // Re-insert so the Map's insertion order is the recency order.
      this.entries.delete(key);
      this.entries.set(key, doc);
    }
    return doc;
  }

  async set(key: string, value: DocumentNode): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  async delete(key: string): Promise<boolean> {
    return this.entries.delete(key);
  }
}
