import { createHash } from 'node:crypto';
import type { ServedProduct } from '../../engine/snapshot/servedProduct';

/**
 * The strong entity tag of an answer: a SHA-256 over its key (document, variables, grants, schema) and every product
 * version and snapshot it read, with the freshness the response reports for each. The same query over the same
 * snapshots has the same tag on every gateway; a new snapshot, or a product turning stale, gives a new one.
 */
export function answerEtag(key: string, products: readonly ServedProduct[]): string {
  const read = products.map((p) => `${p.product}@${p.version}:${p.snapshot}:${p.freshness}`).sort().join(',');
  return `"${createHash('sha256').update(`${key}\n${read}`).digest('base64url')}"`;
}

/** Whether an `If-None-Match` header value names `etag` (or is `*`). Weak tags compare by their opaque part. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, '')).some((t) => t === '*' || t === etag);
}
