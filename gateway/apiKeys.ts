import { createHash } from 'node:crypto';
import type { Document } from 'yaml';
import { LineCounter, parseDocument } from 'yaml';
import type { CallerIdentity } from '../engine/auth/callerIdentity';
import { lineOf } from '../engine/contract/parseContract';

/** Per-key limits that replace the configured defaults; a missing one keeps its default. */
export interface KeyLimits {
  /** Requests a minute. 0 means unlimited. */
  requestsPerMinute?: number;
  /** Estimated rows (the gateway's row estimate of each operation) a minute. 0 means unlimited. */
  rowsPerMinute?: number;
}

/** What a key grants: who the caller is, until when, and at what rate. */
export interface KeyGrant {
  identity: CallerIdentity;
  /** After this instant the key is refused as expired. */
  expires?: Date;
  limits: KeyLimits;
  /**
   * The SHA-256 hex of each document the key may run, when it runs only those (`trustedDocumentsOnly`): what a team
   * gives an external partner.
   */
  trustedDocuments?: ReadonlySet<string>;
}

/** A key lookup: granted, expired (with when), or unknown. */
export type KeyLookup = { status: 'ok'; grant: KeyGrant } | { status: 'expired'; expired: Date; subject: string } | { status: 'unknown' };

/** Most keys one subject may have live at once: the current one and the one rotated in (or out). */
export const LIVE_KEYS_PER_SUBJECT = 2;

const KEY_FIELDS = new Set(['subject', 'sha256', 'key', 'scopes', 'products', 'expires', 'limits', 'trustedDocumentsOnly', 'trustedDocuments']);
const LIMIT_FIELDS = new Set(['requestsPerMinute', 'rowsPerMinute']);

/** The API keys the gateway accepts, looked up by the sha256 of the presented key. */
export class ApiKeys {
  private readonly byHash: Map<string, KeyGrant>;

  constructor(entries: { sha256: string; grant: KeyGrant }[]) {
    this.byHash = new Map(entries.map((e) => [e.sha256, Object.freeze({ ...e.grant, identity: Object.freeze(e.grant.identity) })]));
  }

  /** Number of keys configured. */
  get size(): number {
    return this.byHash.size;
  }

  /** What a key grants at `now`: ok, expired (past its `expires`), or unknown. */
  lookup(key: string, now: Date = new Date()): KeyLookup {
    const grant = this.byHash.get(sha256Hex(key));
    if (!grant) return { status: 'unknown' };
    if (grant.expires && grant.expires.getTime() <= now.getTime()) return { status: 'expired', expired: grant.expires, subject: grant.identity.subject };
    return { status: 'ok', grant };
  }
}

/** The hex sha256 of a key, the form the keys file should store it in. */
export function sha256Hex(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Thrown for a keys file that cannot be used: names the file, the line and what was expected. */
export class KeysFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeysFileError';
  }
}

/**
 * Parses a keys file:
 * ```yaml
 * keys:
 *   - subject: analytics-team        # who the caller is, in logs and to subgraphs
 *     sha256: 9f86d081884c7d65...     # hex sha256 of the key (or `key: <plain key>`, for development)
 *     scopes: [pii]                   # pii: may read columns marked pii
 *     products: [sales.orders]        # optional: only these products
 *     expires: 2027-06-30T00:00:00Z   # optional: refused from then on
 *     trustedDocumentsOnly: true      # optional: the key runs only these documents (by SHA-256 of their text)
 *     trustedDocuments: [4f2c…]
 *     limits: { requestsPerMinute: 1200, rowsPerMinute: 20000000 }   # optional: instead of the defaults
 * ```
 * A subject may have at most {@link LIVE_KEYS_PER_SUBJECT} keys not yet expired at `now` (for rotation).
 * @throws KeysFileError naming the file, the line, the entry and what was expected; unknown fields are refused.
 */
export function parseApiKeys(file: string, text: string, now: Date = new Date()): ApiKeys {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const at = (pointer: string): string => `${file}:${lineOf(doc, counter, pointer) ?? 1}`;
  if (doc.errors.length) {
    const err = doc.errors[0]!;
    throw new KeysFileError(`${file}:${counter.linePos(err.pos[0]).line}: expected YAML, got a syntax error: ${err.message.split('\n')[0]}`);
  }
  const raw = doc.toJS() as unknown;
  if (!isRecord(raw) || !Array.isArray(raw.keys)) throw new KeysFileError(`${at('')}: expected a top-level "keys" list, got ${JSON.stringify(raw)}`);
  for (const field of Object.keys(raw)) {
    if (field !== 'keys') throw new KeysFileError(`${at(`/${field}`)}: unexpected field "${field}" at the top level; expected only "keys"`);
  }
  const seen = new Set<string>();
  const live = new Map<string, number>();
  const entries = (raw.keys as unknown[]).map((entry, i) => {
    const where = (field = ''): string => `${at(`/keys/${i}${field ? `/${field}` : ''}`)}: keys[${i}]`;
    if (!isRecord(entry)) throw new KeysFileError(`${where()}: expected a mapping with "subject" and "sha256" (or "key"), got ${JSON.stringify(entry)}`);
    for (const field of Object.keys(entry)) {
      if (!KEY_FIELDS.has(field)) throw new KeysFileError(`${where(field)}: unexpected field "${field}"; expected one of ${[...KEY_FIELDS].join(', ')}`);
    }
    if (typeof entry.subject !== 'string' || entry.subject === '') throw new KeysFileError(`${where('subject')}: expected a non-empty "subject"`);
    const hash = typeof entry.sha256 === 'string' ? entry.sha256.toLowerCase() : typeof entry.key === 'string' ? sha256Hex(entry.key) : undefined;
    if (!hash || !/^[0-9a-f]{64}$/.test(hash)) throw new KeysFileError(`${where('sha256')}: expected "sha256" (64 hex digits) or "key"`);
    if (seen.has(hash)) throw new KeysFileError(`${where()}: the same key is listed twice`);
    seen.add(hash);
    const products = strings(entry.products, where('products'), 'products');
    const identity: CallerIdentity = { subject: entry.subject, scopes: strings(entry.scopes, where('scopes'), 'scopes') ?? [] };
    if (products) identity.products = products;
    const grant: KeyGrant = { identity, limits: limitsOf(entry.limits, where('limits'), doc, counter, file, i) };
    if (entry.expires !== undefined) grant.expires = dateOf(entry.expires, where('expires'));
    const trusted = trustedDocumentsOf(entry, where);
    if (trusted) grant.trustedDocuments = trusted;
    if (!grant.expires || grant.expires.getTime() > now.getTime()) {
      const count = (live.get(entry.subject) ?? 0) + 1;
      live.set(entry.subject, count);
      if (count > LIVE_KEYS_PER_SUBJECT) {
        throw new KeysFileError(`${where('subject')}: expected at most ${LIVE_KEYS_PER_SUBJECT} live keys for subject "${entry.subject}" (the current one and the one rotated in), got ${count}; set "expires" on or remove the old one`);
      }
    }
    return { sha256: hash, grant };
  });
  return new ApiKeys(entries);
}

/** The documents a `trustedDocumentsOnly` key may run: a non-empty list of SHA-256 hex digests. */
function trustedDocumentsOf(entry: Record<string, unknown>, where: (field?: string) => string): ReadonlySet<string> | undefined {
  const only = entry.trustedDocumentsOnly;
  if (only !== undefined && typeof only !== 'boolean') throw new KeysFileError(`${where('trustedDocumentsOnly')}: expected true or false, got ${JSON.stringify(only)}`);
  const list = strings(entry.trustedDocuments, where('trustedDocuments'), 'trustedDocuments');
  if (!only) {
    if (list) throw new KeysFileError(`${where('trustedDocuments')}: expected "trustedDocumentsOnly: true" beside "trustedDocuments"`);
    return undefined;
  }
  if (!list?.length) throw new KeysFileError(`${where('trustedDocuments')}: expected "trustedDocuments", a list of the SHA-256 hex digests of the documents the key may run`);
  const bad = list.find((h) => !/^[0-9a-fA-F]{64}$/.test(h));
  if (bad !== undefined) throw new KeysFileError(`${where('trustedDocuments')}: expected SHA-256 hex digests (64 hex digits), got ${JSON.stringify(bad)}`);
  return new Set(list.map((h) => h.toLowerCase()));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown, where: string, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new KeysFileError(`${where}: expected ${field} to be a list of strings, got ${JSON.stringify(value)}`);
  }
  return value as string[];
}

function dateOf(value: unknown, where: string): Date {
  const text = value instanceof Date ? value.toISOString() : value;
  const date = typeof text === 'string' && /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(text) ? new Date(text) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new KeysFileError(`${where}: expected "expires" to be a date (2027-06-30) or a time with its offset (2027-06-30T12:00:00Z), got ${JSON.stringify(value)}`);
  }
  return date;
}

function limitsOf(value: unknown, where: string, doc: Document, counter: LineCounter, file: string, i: number): KeyLimits {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new KeysFileError(`${where}: expected "limits" to be a mapping of requestsPerMinute and rowsPerMinute, got ${JSON.stringify(value)}`);
  const limits: KeyLimits = {};
  for (const [field, n] of Object.entries(value)) {
    const here = `${file}:${lineOf(doc, counter, `/keys/${i}/limits/${field}`) ?? 1}: keys[${i}]`;
    if (!LIMIT_FIELDS.has(field)) throw new KeysFileError(`${here}: unexpected field "limits.${field}"; expected requestsPerMinute or rowsPerMinute`);
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new KeysFileError(`${here}: expected limits.${field} to be a whole number of at least 0, got ${JSON.stringify(n)}`);
    limits[field as keyof KeyLimits] = n;
  }
  return limits;
}
