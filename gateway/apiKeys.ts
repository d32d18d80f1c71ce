import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { CallerIdentity } from '../engine/auth/callerIdentity';

/** One key as written in the keys file. */
interface RawKey { subject?: unknown; sha256?: unknown; key?: unknown; scopes?: unknown; products?: unknown }

/** The API keys the gateway accepts, looked up by the sha256 of the presented key. */
export class ApiKeys {
  private readonly byHash: Map<string, CallerIdentity>;

  constructor(entries: { sha256: string; identity: CallerIdentity }[]) {
    this.byHash = new Map(entries.map((e) => [e.sha256, Object.freeze(e.identity)]));
  }

  /** Number of keys configured. */
  get size(): number {
    return this.byHash.size;
  }

  /** The identity a key grants, or undefined for an unknown key. */
  lookup(key: string): CallerIdentity | undefined {
    return this.byHash.get(sha256Hex(key));
  }
}

/** The hex sha256 of a key, the form the keys file should store it in. */
export function sha256Hex(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function strings(value: unknown, where: string, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new Error(`${where}: expected ${field} to be a list of strings, got ${JSON.stringify(value)}`);
  }
  return value as string[];
}

/**
 * Parses a keys file:
 * ```yaml
 * keys:
 *   - subject: analytics-team        # who the caller is, in logs and to subgraphs
 *     sha256: 9f86d081884c7d65...     # hex sha256 of the key (or `key: <plain key>`, for development)
 *     scopes: [pii]                   # pii: may read columns marked pii
 *     products: [sales.orders]        # optional: only these products
 * ```
 * @throws Error naming the file, the entry and what was expected.
 */
export function parseApiKeys(file: string, text: string): ApiKeys {
  const doc = parse(text) as { keys?: unknown } | null;
  if (!doc || !Array.isArray(doc.keys)) throw new Error(`${file}: expected a top-level "keys" list, got ${JSON.stringify(doc)}`);
  const seen = new Set<string>();
  const entries = (doc.keys as RawKey[]).map((raw, i) => {
    const where = `${file} keys[${i}]`;
    if (typeof raw?.subject !== 'string' || raw.subject === '') throw new Error(`${where}: expected a non-empty "subject"`);
    const hash = typeof raw.sha256 === 'string' ? raw.sha256.toLowerCase() : typeof raw.key === 'string' ? sha256Hex(raw.key) : undefined;
    if (!hash || !/^[0-9a-f]{64}$/.test(hash)) throw new Error(`${where}: expected "sha256" (64 hex digits) or "key"`);
    if (seen.has(hash)) throw new Error(`${where}: the same key is listed twice`);
    seen.add(hash);
    const products = strings(raw.products, where, 'products');
    const identity: CallerIdentity = { subject: raw.subject, scopes: strings(raw.scopes, where, 'scopes') ?? [] };
    if (products) identity.products = products;
    return { sha256: hash, identity };
  });
  return new ApiKeys(entries);
}

/** Reads and parses a keys file; no file means no keys. */
export async function loadApiKeys(file: string | undefined): Promise<ApiKeys> {
  return file ? parseApiKeys(file, await readFile(file, 'utf8')) : new ApiKeys([]);
}
