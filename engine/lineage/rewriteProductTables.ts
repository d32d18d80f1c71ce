import type { AstNode } from './sqlAst';
import { isNode, text } from './sqlAst';

/** Which table a product named in a build stands for: by `<domain>.<product>` and the version it was resolved to. */
export type ProductTable = (domain: string, product: string, version: number | undefined) => string | undefined;

/**
 * A copy of a build's parse tree in which every product it names (`domain.product`, `domain.product.v<N>`) reads the
 * table `tableFor` gives instead, keeping the alias it had, or its own name as the alias, so that `orders.col` still
 * resolves. CTEs and everything else are left as they are. Product names are found in the parse tree, never in text.
 * @throws Error when a product has no table (lineage should have refused the build first).
 */
export function rewriteProductTables(statement: AstNode, tableFor: ProductTable): AstNode {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!isNode(value)) return value;
    const out: AstNode = {};
    for (const [k, v] of Object.entries(value)) {
      // DuckDB marks "no location" with 2^64 - 1, which a JavaScript number cannot carry back: the deserializer
      // would refuse it. Locations only serve error messages, so any that is not exact is dropped.
      if (k === 'query_location' && !(typeof v === 'number' && Number.isSafeInteger(v))) continue;
      out[k] = walk(v);
    }
    if (text(value, 'type') !== 'BASE_TABLE' || !text(value, 'schema_name')) return out;
    const catalog = text(value, 'catalog_name');
    const [domain, product, version] = catalog
      ? [catalog, text(value, 'schema_name'), Number(/^v([0-9]+)$/i.exec(text(value, 'table_name'))?.[1])]
      : [text(value, 'schema_name'), text(value, 'table_name'), undefined];
    const table = tableFor(domain.toLowerCase(), product.toLowerCase(), version);
    if (!table) throw new Error(`no table for ${domain}.${product}${version ? `.v${version}` : ''}`);
    return { ...out, catalog_name: '', schema_name: '', table_name: table, alias: text(value, 'alias') || product };
  };
  return walk(statement) as AstNode;
}
