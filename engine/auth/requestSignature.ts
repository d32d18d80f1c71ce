import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CallerIdentity } from './callerIdentity';
import type { ReplayCache } from './replayCache';

/** Header carrying the caller identity as base64url JSON. */
export const IDENTITY_HEADER = 'x-tessera-identity';
/** Header carrying the signing time in milliseconds since the epoch. */
export const TIMESTAMP_HEADER = 'x-tessera-timestamp';
/** Header carrying a random value unique to one signed request (a subgraph accepts each once). */
export const NONCE_HEADER = 'x-tessera-nonce';
/** Header telling a subgraph when the gateway stops waiting for it (epoch milliseconds). */
export const DEADLINE_HEADER = 'x-tessera-deadline';
/** Header carrying the snapshot pins of the request as base64url JSON (`{ "<domain>.<product>@<version>": "<id>" }`). */
export const PINS_HEADER = 'x-tessera-pins';
/** Header carrying the HMAC-SHA256 of the request's {@link canonicalRequest} in base64url. */
export const SIGNATURE_HEADER = 'x-tessera-signature';

/** Longest a signature is accepted after it was made, whatever the deadline says. */
export const MAX_SIGNATURE_WINDOW_MS = 60_000;
/** How far the gateway's clock may be from a subgraph's. */
export const MAX_CLOCK_SKEW_MS = 5_000;

/** What the gateway asserts about one request: who asks, until when it waits, and which snapshots it reads. */
export interface RequestClaims {
  identity: CallerIdentity;
  /** Epoch milliseconds after which the gateway no longer waits for the answer. */
  deadline: number;
  /** Snapshot id per `<domain>.<product>@<version>` the request must read; absent for none. */
  pins?: Readonly<Record<string, string>>;
}

/** One HTTP request as it goes over the wire: what the signature binds. */
export interface WireRequest {
  method: string;
  /** Path and query string, e.g. `/graphql`. */
  path: string;
  body: string | Uint8Array;
}

/** Why a request's signature was refused. */
export type SignatureFailure = 'missing' | 'bad-signature' | 'expired' | 'replayed' | 'malformed';

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function bodyHash(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url');
}

/**
 * The text a signature is computed over: method, path, body hash, time, nonce and every claim header, one per line,
 * so changing any of them (another body, another path, a later deadline, other pins) breaks the signature.
 */
function canonicalRequest(request: WireRequest, values: Record<string, string>): string {
  return ['tessera-request-v2', request.method.toUpperCase(), request.path, bodyHash(request.body),
    values[TIMESTAMP_HEADER], values[NONCE_HEADER], values[DEADLINE_HEADER], values[IDENTITY_HEADER], values[PINS_HEADER] ?? '',
  ].join('\n');
}

function mac(secret: string, canonical: string): string {
  return createHmac('sha256', secret).update(canonical).digest('base64url');
}

/** The headers that carry a request's claims (identity, deadline, pins); {@link signHeaders} signs them. */
export function claimHeaders(claims: RequestClaims): Record<string, string> {
  const values: Record<string, string> = {
    [IDENTITY_HEADER]: encodeJson(claims.identity), [DEADLINE_HEADER]: String(Math.floor(claims.deadline)),
  };
  if (claims.pins && Object.keys(claims.pins).length) values[PINS_HEADER] = encodeJson(claims.pins);
  return values;
}

/**
 * The signing time, a fresh nonce and the signature for a request whose claim headers (from {@link claimHeaders})
 * are among `headers`: the signature covers them plus the method, path and a hash of the body, so a subgraph accepts
 * the request once, within {@link MAX_SIGNATURE_WINDOW_MS} (or until the deadline, when sooner), with that very body.
 */
export function signHeaders(secret: string, request: WireRequest, headers: Readonly<Record<string, string>>, now: number = Date.now(),
  nonce: string = randomBytes(16).toString('base64url')): Record<string, string> {
  const values: Record<string, string> = { [TIMESTAMP_HEADER]: String(now), [NONCE_HEADER]: nonce };
  for (const name of [IDENTITY_HEADER, DEADLINE_HEADER, PINS_HEADER]) if (headers[name] !== undefined) values[name] = headers[name];
  return { [TIMESTAMP_HEADER]: values[TIMESTAMP_HEADER]!, [NONCE_HEADER]: nonce, [SIGNATURE_HEADER]: mac(secret, canonicalRequest(request, values)) };
}

/** Every header of a signed gateway request: {@link claimHeaders} plus {@link signHeaders}. */
export function signRequest(secret: string, request: WireRequest, claims: RequestClaims, now: number = Date.now(),
  nonce?: string): Record<string, string> {
  const claimed = claimHeaders(claims);
  return { ...claimed, ...signHeaders(secret, request, claimed, now, nonce) };
}

/** Headers as node `http` gives them, or a Fetch-style `Headers`. */
export type HeaderSource = Record<string, string | string[] | undefined> | { get(name: string): string | undefined | null };

function reader(headers: HeaderSource): (name: string) => string | undefined {
  return (name) => {
    const v = 'get' in headers && typeof headers.get === 'function'
      ? headers.get(name) ?? undefined
      : (headers as Record<string, string | string[] | undefined>)[name];
    return Array.isArray(v) ? v[0] : (v as string | undefined);
  };
}

/** True when the headers carry a signature at all (cheap check before reading a body). */
export function hasSignature(headers: HeaderSource): boolean {
  const read = reader(headers);
  return [IDENTITY_HEADER, TIMESTAMP_HEADER, NONCE_HEADER, DEADLINE_HEADER, SIGNATURE_HEADER].every((h) => !!read(h));
}

function parseIdentity(encoded: string): CallerIdentity | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Partial<CallerIdentity> | null;
    if (!parsed || typeof parsed.subject !== 'string' || !Array.isArray(parsed.scopes) || !parsed.scopes.every((s) => typeof s === 'string')) return undefined;
    if (parsed.products !== undefined && !(Array.isArray(parsed.products) && parsed.products.every((p) => typeof p === 'string'))) return undefined;
    return parsed as CallerIdentity;
  } catch {
    return undefined;
  }
}

function parsePins(encoded: string | undefined): Record<string, string> | undefined | null {
  if (encoded === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    const entries = Object.entries(parsed as Record<string, unknown>);
    if (!entries.every(([, v]) => typeof v === 'string')) return null;
    return Object.fromEntries(entries) as Record<string, string>;
  } catch {
    return null;
  }
}

/** A verified request's claims, or why it was refused. */
export type Verification = ({ ok: true } & RequestClaims) | { ok: false; reason: SignatureFailure };

/**
 * Verifies a subgraph request: a signature made with `secret` over this method, path and body, made at most
 * {@link MAX_SIGNATURE_WINDOW_MS} ago and before its deadline (with {@link MAX_CLOCK_SKEW_MS} of slack either way),
 * never seen before by `replays` (which records it).
 * @returns the claims, or the reason the request was refused.
 */
export function verifyRequest(secret: string, request: WireRequest & { headers: HeaderSource }, replays: ReplayCache,
  now: number = Date.now()): Verification {
  const read = reader(request.headers);
  if (!hasSignature(request.headers)) return { ok: false, reason: 'missing' };
  const values: Record<string, string> = {};
  for (const name of [IDENTITY_HEADER, TIMESTAMP_HEADER, NONCE_HEADER, DEADLINE_HEADER, PINS_HEADER]) {
    const v = read(name);
    if (v !== undefined) values[name] = v;
  }
  const expected = Buffer.from(mac(secret, canonicalRequest(request, values)));
  const given = Buffer.from(read(SIGNATURE_HEADER)!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad-signature' };
  const timestamp = Number(values[TIMESTAMP_HEADER]);
  const deadline = Number(values[DEADLINE_HEADER]);
  if (!Number.isSafeInteger(timestamp) || !Number.isSafeInteger(deadline)) return { ok: false, reason: 'malformed' };
  const expires = Math.min(deadline, timestamp + MAX_SIGNATURE_WINDOW_MS) + MAX_CLOCK_SKEW_MS;
  if (timestamp > now + MAX_CLOCK_SKEW_MS || now > expires) return { ok: false, reason: 'expired' };
  const identity = parseIdentity(values[IDENTITY_HEADER]!);
  const pins = parsePins(values[PINS_HEADER]);
  if (!identity || pins === null) return { ok: false, reason: 'malformed' };
  // Recorded only once the signature is known to be the gateway's: nobody else can fill the cache.
  if (!replays.admit(values[NONCE_HEADER]!, timestamp, expires, now)) return { ok: false, reason: 'replayed' };
  return { ok: true, identity, deadline, ...(pins ? { pins } : {}) };
}
