import type { DuckDBConnection } from '@duckdb/node-api';
import type { ProductContract } from '../contract/types';
import { currentVersion, qualifiedName } from '../contract/types';
import type { ColumnSource } from './buildLineage';
import { inputSchemas } from './inputSchemas';
import type { SqlLineage } from './lineageOfSql';
import { lineageOfSql } from './lineageOfSql';
import { groupBy } from '../groupBy';

/** Why one product is upstream of another: read by its build SQL, declared in `lineage.upstream`, or referenced. */
export type TableEdgeKind = 'build' | 'declared' | 'reference';

/** A table-level lineage edge: `to` is built from, declares, or references `from` (a product id or an external source). */
export interface TableEdge {
  from: string;
  to: string;
  kind: TableEdgeKind;
}

/** `value`: `to`'s values are computed from `from`; `reference`: `to` holds keys of `from` (a column's `references`). */
export type ColumnEdgeKind = 'value' | 'reference';

/** A column-level lineage edge between columns of product versions. */
export interface ColumnEdge {
  from: ColumnSource;
  to: ColumnSource;
  kind: ColumnEdgeKind;
}

/**
 * The lineage of a whole hub: each built product's extracted lineage, every table-level edge (sorted, no duplicates)
 * and every column-level edge into the current version of each product.
 */
export interface HubLineage {
  /** The extracted lineage of each product with a build step, by `<domain>.<product>`. */
  builds: Map<string, SqlLineage>;
  tableEdges: TableEdge[];
  columnEdges: ColumnEdge[];
  /** {@link tableEdges} by the product they point to, in the same order. */
  edgesInto: ReadonlyMap<string, TableEdge[]>;
  /** {@link tableEdges} by the product they start from, in the same order. */
  edgesFrom: ReadonlyMap<string, TableEdge[]>;
  /** {@link columnEdges} by the product of the column they point to, in the same order. */
  columnEdgesInto: ReadonlyMap<string, ColumnEdge[]>;
}

/**
 * Extracts the lineage of every contract with `build.sql` (its SQL text loaded) with DuckDB's parser on `db`, and
 * joins it with declared upstream and column references into one graph. A build whose SQL has problems still
 * contributes the inputs and columns that could be followed; its problems are in `builds`.
 */
export async function hubLineage(db: DuckDBConnection, contracts: readonly ProductContract[]): Promise<HubLineage> {
  const schemas = inputSchemas(contracts);
  const builds = new Map<string, SqlLineage>();
  for (const c of contracts) {
    if (c.build?.text !== undefined) builds.set(qualifiedName(c), await lineageOfSql(db, c.build.text, schemas));
  }
  return joinLineage(contracts, builds);
}

/**
 * The hub's lineage graph from already extracted builds (none: declared upstream and references only), so a caller
 * without DuckDB at hand still has the declared graph.
 */
export function joinLineage(contracts: readonly ProductContract[], builds: Map<string, SqlLineage> = new Map()): HubLineage {
  const table = new Map<string, TableEdge>();
  const columns = new Map<string, ColumnEdge>();
  const addTable = (e: TableEdge): void => { if (e.from !== e.to) table.set(`${e.from}|${e.to}|${e.kind}`, e); };
  const byId = new Map(contracts.map((c) => [qualifiedName(c), c]));
  for (const c of contracts) {
    const id = qualifiedName(c);
    const version = currentVersion(c).version;
    const lineage = builds.get(id);
    if (lineage) {
      for (const input of lineage.inputs) addTable({ from: input.product, to: id, kind: 'build' });
      for (const out of lineage.columns) {
        for (const from of out.sources) {
          const to = { product: id, version, column: out.name };
          columns.set(`${key(from, to)}|value`, { from, to, kind: 'value' });
        }
      }
    }
    for (const source of c.lineage.upstream) addTable({ from: source, to: id, kind: 'declared' });
    for (const v of c.versions) {
      for (const col of v.columns) {
        const ref = col.references;
        if (!ref) continue;
        const target = qualifiedName(ref);
        addTable({ from: target, to: id, kind: 'reference' });
        const referenced = byId.get(target);
        if (v.version !== version || !referenced) continue;
        const from = { product: target, version: currentVersion(referenced).version, column: ref.column };
        const to = { product: id, version, column: col.name };
        columns.set(`${key(from, to)}|reference`, { from, to, kind: 'reference' });
      }
    }
  }
  const tableEdges = [...table.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.kind.localeCompare(b.kind));
  const columnEdges = [...columns].sort((a, b) => a[0].localeCompare(b[0])).map(([, e]) => e);
  return {
    builds, tableEdges, columnEdges,
    edgesInto: groupBy(tableEdges, (e) => e.to), edgesFrom: groupBy(tableEdges, (e) => e.from), columnEdgesInto: groupBy(columnEdges, (e) => e.to.product),
  };
}

function key(from: ColumnSource, to: ColumnSource): string {
  return `${from.product}.${from.column}@${from.version}>${to.product}.${to.column}@${to.version}`;
}
