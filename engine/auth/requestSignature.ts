import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CallerIdentity } from './callerIdentity';

/** Header carrying the caller identity as base64url JSON. */
export const IDENTITY_HEADER = 'x-tessera-identity';
/** Header carrying the signing time in milliseconds since the epoch. */
export const TIMESTAMP_HEADER = 'x-tessera-timestamp';
/** Header carrying HMAC-SHA256(secret, `<timestamp>.<identity>`) in base64url. */
export const SIGNATURE_HEADER = 'x-tessera-signature';

/** Header telling a subgraph when the gateway stops waiting for it (epoch milliseconds). */
export const DEADLINE_HEADER = 'x-tessera-deadline';

/** How far a signature's time may be from the verifier's clock. */
export const MAX_SIGNATURE_SKEW_MS = 5 * 60_000;

function mac(secret: string, timestamp: string, identity: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${identity}`).digest('base64url');
}

/**
 * The headers the gateway adds to every subgraph request: the caller identity and a signature over it, so a
 * subgraph can trust the identity and refuse requests that did not come through the gateway.
 */
export function signIdentity(secret: string, identity: CallerIdentity, now: number = Date.now()): Record<string, string> {
  const encoded = Buffer.from(JSON.stringify(identity)).toString('base64url');
  const timestamp = String(now);
  return { [IDENTITY_HEADER]: encoded, [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: mac(secret, timestamp, encoded) };
}

/** Why a request's signature was refused. */
export type SignatureFailure = 'missing' | 'bad-signature' | 'expired' | 'malformed-identity';

/**
 * Verifies the signature headers of an incoming subgraph request.
 * @returns the identity, or the reason it was refused.
 */
export function verifyIdentity(
  secret: string,
  headers: Record<string, string | string[] | undefined> | { get(name: string): string | undefined | null },
  now: number = Date.now(),
): { ok: true; identity: CallerIdentity } | { ok: false; reason: SignatureFailure } {
  const read = (name: string): string | undefined => {
    const v = 'get' in headers && typeof headers.get === 'function'
      ? headers.get(name) ?? undefined
      : (headers as Record<string, string | string[] | undefined>)[name];
    return Array.isArray(v) ? v[0] : (v as string | undefined);
  };
  const identity = read(IDENTITY_HEADER);
  const timestamp = read(TIMESTAMP_HEADER);
  const signature = read(SIGNATURE_HEADER);
  if (!identity || !timestamp || !signature) return { ok: false, reason: 'missing' };
  const expected = Buffer.from(mac(secret, timestamp, identity));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad-signature' };
  if (Math.abs(now - Number(timestamp)) > MAX_SIGNATURE_SKEW_MS) return { ok: false, reason: 'expired' };
  try {
    const parsed = JSON.parse(Buffer.from(identity, 'base64url').toString('utf8')) as CallerIdentity;
    if (typeof parsed.subject !== 'string' || !Array.isArray(parsed.scopes)) return { ok: false, reason: 'malformed-identity' };
    return { ok: true, identity: parsed };
  } catch {
    return { ok: false, reason: 'malformed-identity' };
  }
}
