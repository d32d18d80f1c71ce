import type { ProductContract } from '../engine/contract/types';
import { findVersion } from '../engine/contract/types';
import type { ServedProduct } from '../engine/snapshot/servedProduct';
import { CATALOG_PATH } from './catalogPage/catalogPage';

/** A deprecated product version a response read, with where its successor is documented. */
export interface DeprecationNotice {
  /** `<domain>.<product>` */
  product: string;
  version: number;
  /** ISO date the version was deprecated (the contract's `deprecatedAt`), when the contract gives one. */
  deprecatedAt?: string;
  /** ISO date after which the version is retired. */
  sunset?: string;
  reason?: string;
  /** The version to move to: the product's current one. */
  successorVersion?: number;
  /** The data health page of the deprecated version (relative to the gateway). */
  docs: string;
  /** The data health page of the successor. */
  successorDocs?: string;
}

/** One warning of `extensions.tessera.warnings`. */
export interface DeprecationWarning {
  code: 'DEPRECATED_VERSION';
  message: string;
  product: string;
  version: number;
  deprecatedAt: string | null;
  sunset: string | null;
  successorVersion: number | null;
  /** Where the successor is documented (the data health page), relative to the gateway. */
  link: string;
}

/** The data health page of one product version: `/catalog#/product/<id>/v<N>`. */
function versionDocsPath(product: string, version: number): string {
  return `${CATALOG_PATH}#/product/${encodeURIComponent(product)}/v${version}`;
}

/**
 * The deprecated versions among what a response served, one notice per product version, sorted by product and
 * version, from the contracts in force by product id. Versions they do not know (a contract removed since) are left out.
 */
export function deprecationNotices(byId: ReadonlyMap<string, ProductContract>, served: readonly ServedProduct[]): DeprecationNotice[] {
  const notices = new Map<string, DeprecationNotice>();
  for (const s of served) {
    const contract = byId.get(s.product);
    const version = contract && findVersion(contract, s.version);
    if (!contract || version?.status !== 'deprecated') continue;
    const current = contract.versions.find((v) => v.status === 'current');
    const successor = current && current.version !== s.version ? current.version : undefined;
    notices.set(`${s.product}@${s.version}`, {
      product: s.product, version: s.version, deprecatedAt: version.deprecatedAt, sunset: version.sunset, reason: version.deprecationReason,
      successorVersion: successor, docs: versionDocsPath(s.product, s.version),
      successorDocs: successor === undefined ? undefined : versionDocsPath(s.product, successor),
    });
  }
  return [...notices.values()].sort((a, b) => a.product.localeCompare(b.product) || a.version - b.version);
}

/** Midnight UTC of an ISO date, in epoch seconds. */
function dateSeconds(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 1000);
}

/**
 * The response headers that say a response read deprecated versions, or none:
 * - `Deprecation` (RFC 9745): `@<epoch seconds>` of the earliest `deprecatedAt`; a version whose contract gives no
 *   date counts as deprecated as of `now`.
 * - `Sunset` (RFC 8594): the earliest sunset, as an HTTP date.
 * - `Link`: per version, its successor's docs (`rel="successor-version"`) and its own (`rel="deprecation"`).
 */
export function deprecationHeaders(notices: readonly DeprecationNotice[], now: Date = new Date()): Record<string, string> {
  if (!notices.length) return {};
  const since = Math.min(...notices.map((n) => (n.deprecatedAt ? dateSeconds(n.deprecatedAt) : Math.floor(now.getTime() / 1000))));
  const headers: Record<string, string> = { deprecation: `@${since}` };
  const sunsets = notices.map((n) => n.sunset).filter((s): s is string => !!s).sort();
  if (sunsets[0]) headers.sunset = new Date(`${sunsets[0]}T00:00:00Z`).toUTCString();
  const links = notices.flatMap((n) => [
    ...(n.successorDocs ? [`<${n.successorDocs}>; rel="successor-version"; type="text/html"; title="${n.product} v${n.successorVersion}"`] : []),
    `<${n.docs}>; rel="deprecation"; type="text/html"; title="${n.product} v${n.version}"`,
  ]);
  headers.link = links.join(', ');
  return headers;
}

/** The warnings of `extensions.tessera.warnings` for the notices, in their order. */
export function deprecationWarnings(notices: readonly DeprecationNotice[]): DeprecationWarning[] {
  return notices.map((n) => ({
    code: 'DEPRECATED_VERSION',
    message: `${n.product} v${n.version} is deprecated${n.reason ? ` (${n.reason})` : ''}${n.sunset ? ` and is retired after ${n.sunset}` : ''}` +
      `${n.successorVersion === undefined ? '' : `; move to v${n.successorVersion}, documented at ${n.successorDocs}`}`,
    product: n.product, version: n.version, deprecatedAt: n.deprecatedAt ?? null, sunset: n.sunset ?? null,
    successorVersion: n.successorVersion ?? null, link: n.successorDocs ?? n.docs,
  }));
}
