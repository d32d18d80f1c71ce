import type { DocumentNode, Token } from 'graphql';
import type { GatewayMetrics } from './gatewayMetrics';

/** Heap one token of a parsed document holds (its token, node, name and location objects), measured on Node 20. */
const BYTES_PER_TOKEN = 600;

/**
 * The heap a parsed document holds, estimated from its source text and its token count: a document of many short
 * tokens costs ~100 bytes a character, a long string literal ~1.
 */
export function documentBytes(doc: DocumentNode): number {
  const loc = doc.loc;
  if (!loc) return 0;
  let tokens = 0;
  for (let token: Token | null = loc.startToken; token; token = token.next) tokens += 1;
  return 2 * loc.source.body.length + BYTES_PER_TOKEN * tokens;
}

/**
 * Apollo Server's cache of parsed and validated operations, bounded by the memory its documents hold (estimated by
 * {@link documentBytes}; least recently used out first), counting hits and misses in the gateway metrics. A document
 * larger than the whole budget is not kept. `maxBytes` 0 disables the cache.
 */
export class DocumentStore {
  private readonly entries = new Map<string, { doc: DocumentNode; bytes: number }>();
  private bytes = 0;

  constructor(private readonly metrics: GatewayMetrics, private readonly maxBytes = 32 * 1024 ** 2) {}

  /** The estimated bytes held now. */
  get size(): number {
    return this.bytes;
  }

  async get(key: string): Promise<DocumentNode | undefined> {
    const entry = this.entries.get(key);
    this.metrics.documentCache.inc({ result: entry ? 'hit' : 'miss' });
    if (entry) {
      // Re-insert so the Map's insertion order is the recency order.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry?.doc;
  }

  async set(key: string, doc: DocumentNode): Promise<void> {
    await this.delete(key);
    const bytes = documentBytes(doc);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { doc, bytes });
    this.bytes += bytes;
    while (this.bytes > this.maxBytes) await this.delete(this.entries.keys().next().value as string);
  }

  async delete(key: string): Promise<boolean> {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    return true;
  }
}
