import type { ProductContract } from '../contract/types';
import { currentVersion, findVersion, qualifiedName } from '../contract/types';

/** The columns of the product version a build's SQL names, or why it cannot be read. */
export type InputSchema =
  | { ok: true; product: string; version: number; columns: string[] }
  | { ok: false; message: string };

/** Finds the schema of `domain.product` (its current version) or `domain.product.v<N>`. */
export type InputSchemas = (domain: string, product: string, version: number | undefined) => InputSchema;

/**
 * Input schemas from the hub's contracts: an unpinned name reads the product's current version; a pinned one the
 * version it names, which must exist and not be retired. Names are matched case-insensitively, as DuckDB does.
 */
export function inputSchemas(contracts: readonly ProductContract[]): InputSchemas {
  return (domain, product, version) => {
    const contract = contracts.find((c) => c.domain === domain.toLowerCase() && c.product === product.toLowerCase());
    const name = `${domain}.${product}`;
    if (!contract) return { ok: false, message: `expected a product of this hub, found "${name}", which has no contract` };
    const v = version === undefined ? currentVersion(contract) : findVersion(contract, version);
    if (!v) {
      return { ok: false, message: `expected a version of ${qualifiedName(contract)} (${contract.versions.map((x) => `v${x.version}`).join(', ')}), found "${name}.v${version}"` };
    }
    if (v.status === 'retired') return { ok: false, message: `${qualifiedName(contract)} v${v.version} is retired; read a live version instead` };
    return { ok: true, product: qualifiedName(contract), version: v.version, columns: v.columns.map((c) => c.name) };
  };
}
