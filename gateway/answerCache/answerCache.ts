import { LRUCache } from 'lru-cache';
import type { ServedProduct } from '../../engine/snapshot/servedProduct';
import type { SnapshotPins } from '../../engine/snapshot/snapshotPins';
import { pinKey, pinOf } from '../../engine/snapshot/snapshotPins';

/** A cached answer: the GraphQL result without extensions, and what it read. */
export interface CachedAnswer {
  /** `{ data }` of the response, serialized. */
  result: string;
  /** The products, versions and snapshots the answer read (its `extensions.tessera.products`). */
  products: ServedProduct[];
  /** The request's pin of each product version it read, when it was answered. */
  pins: SnapshotPins;
}

/**
 * Answers of queries kept in memory, bounded in bytes (least recently used go first). An answer is served again only
 * while the request's pin of every product version it read is the one it was answered with: a new snapshot of any
 * of them changes the pin, so a stale answer is never served.
 */
export class AnswerCache {
  private readonly entries: LRUCache<string, CachedAnswer>;

  /** @param maxBytes the bound on the sum of the cached results' sizes (UTF-16 code units, about bytes for JSON). */
  constructor(maxBytes: number) {
    this.entries = new LRUCache<string, CachedAnswer>({
      maxSize: maxBytes,
      sizeCalculation: (answer) => Math.max(1, answer.result.length + JSON.stringify(answer.pins).length),
    });
  }

  /** The answer under `key`, if every pin it was answered with is `pins`'s now. */
  get(key: string, pins: SnapshotPins): CachedAnswer | undefined {
    const answer = this.entries.get(key);
    if (!answer) return undefined;
    for (const [pin, snapshot] of Object.entries(answer.pins)) {
      if (pins[pin] !== snapshot) return undefined;
    }
    return answer;
  }

  /**
   * Keeps `result` under `key` with the request's pins of the products it read.
   * @returns false when the answer cannot be kept: a product it read had no pin, or it is larger than the cache.
   */
  set(key: string, result: string, products: ServedProduct[], pins: SnapshotPins): boolean {
    const read: Record<string, string> = {};
    for (const p of products) {
      const pin = pinOf(pins, p.product, p.version);
      if (pin === undefined) return false;
      read[pinKey(p.product, p.version)] = pin;
    }
    if (result.length > this.entries.maxSize) return false;
    this.entries.set(key, { result, products, pins: read });
    return true;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.entries.calculatedSize;
  }
}
