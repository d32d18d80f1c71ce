import { LRUCache } from 'lru-cache';

/**
 * The documents registered by automatic persisted queries (APQ): the SHA-256 hex of a document → its text, bounded
 * in bytes (least recently used dropped first: a client whose hash is no longer known sends the document again, as
 * the protocol says). Apollo Server stores and reads them here (it prefixes the hash with a namespace, dropped: one
 * store holds only these), and the gateway's screen reads the text of a hash-only request before Apollo Server does.
 */
export class PersistedDocuments {
  private readonly texts: LRUCache<string, string>;

  constructor(maxBytes: number) {
    this.texts = new LRUCache<string, string>({ maxSize: Math.max(1, maxBytes), sizeCalculation: (text) => Math.max(1, text.length) });
  }

  /** The text registered for `hash`, if it is still held. */
  documentFor(hash: string): string | undefined {
    return this.texts.get(hash.toLowerCase());
  }

  /** KeyValueCache: the text under a (possibly namespaced) hash. */
  async get(key: string): Promise<string | undefined> {
    return this.documentFor(hashOf(key));
  }

  /** KeyValueCache: registers a document; one larger than the whole store is not kept. */
  async set(key: string, text: string): Promise<void> {
    if (text.length <= this.texts.maxSize) this.texts.set(hashOf(key), text);
  }

  /** KeyValueCache: forgets a document. */
  async delete(key: string): Promise<boolean> {
    return this.texts.delete(hashOf(key));
  }
}

function hashOf(key: string): string {
  return key.slice(key.lastIndexOf(':') + 1).toLowerCase();
}
