/**
 * Who is asking, as the gateway established it and forwards it to subgraphs.
 * `scopes` holds grants such as `pii` (may read columns marked pii); `products`, when present, limits the caller to
 * those `<domain>.<product>` names.
 */
export interface CallerIdentity {
  subject: string;
  scopes: string[];
  products?: string[];
}

/** The identity of a request that carried no credentials, in development. */
export const ANONYMOUS: Readonly<CallerIdentity> = Object.freeze({ subject: 'anonymous', scopes: [] });

/** True when the caller holds `scope`. */
export function hasScope(identity: CallerIdentity, scope: string): boolean {
  return identity.scopes.includes(scope);
}
