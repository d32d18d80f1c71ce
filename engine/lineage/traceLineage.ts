import type { ProductContract } from '../contract/types';
import { currentVersion } from '../contract/types';
import type { ColumnSource } from './buildLineage';
import type { ColumnEdge, HubLineage, TableEdge } from './hubLineage';

/** A product reached by a trace, how many hops away, and which of its columns are reached (empty: not known by column). */
export interface TracedProduct {
  product: string;
  distance: number;
  columns: string[];
}

/** The part of the lineage graph reached from a product or column, nearest products first. */
export interface LineageTrace {
  /** Reached products (and, upstream, external sources), not the start; by distance, then id. */
  products: TracedProduct[];
  /** Reached columns, not the start ones. */
  columns: ColumnSource[];
  /** Table-level edges between the start and the reached products. */
  tableEdges: TableEdge[];
  /** Column-level edges followed. */
  columnEdges: ColumnEdge[];
}

/** Which way a trace goes: `downstream` for impact, `upstream` for "where does it come from". */
export type TraceDirection = 'downstream' | 'upstream';

interface Node { product: string; column: string }

/**
 * Follows the lineage graph from one product or one column of its current version, transitively.
 * Downstream (impact): a column reaches the columns computed from it or referencing it; a column a build filters or
 * joins on reaches every column of that build (its rows depend on it); a declared upstream edge that no build or
 * reference explains reaches the declaring product as a whole (no columns known). Upstream: the reverse, with the
 * declared sources (external ones included) of products not built from SQL. A whole product also follows every
 * table-level edge, and traces every column of its current version. Bounded: every node is visited once.
 */
export function traceLineage(lineage: HubLineage, contractOf: (id: string) => ProductContract | undefined, product: string, column: string | undefined,
  direction: TraceDirection): LineageTrace {
  const columnsOf = (id: string): string[] => {
    const c = contractOf(id);
    return c ? currentVersion(c).columns.map((x) => x.name) : [];
  };
  const distance = new Map<string, number>([[product, 0]]);
  const reached = new Map<string, Set<string>>();
  const seen = new Set<string>();
  const followed: ColumnEdge[] = [];
  const queue: [Node, number][] = [];
  const visit = (n: Node, d: number): void => {
    const k = `${n.product}\u0000${n.column}`;
    if (seen.has(k)) return;
    seen.add(k);
    if (n.product !== product || d > 0) {
      if (!reached.has(n.product)) reached.set(n.product, new Set());
      if (n.column) reached.get(n.product)!.add(n.column);
    }
    if (!distance.has(n.product) || distance.get(n.product)! > d) distance.set(n.product, d);
    queue.push([n, d]);
  };
  for (const c of column ? [column] : columnsOf(product)) visit({ product, column: c }, 0);
  if (!column) visit({ product, column: '' }, 0);
  for (let i = 0; i < queue.length; i++) {
    const [n, d] = queue[i]!;
    for (const [next, edge] of steps(lineage, n, direction, columnsOf)) {
      if (edge) followed.push(edge);
      visit(next, next.product === n.product ? d : d + 1);
    }
  }
  const products = [...reached].filter(([id]) => id !== product)
    .map(([id, cols]) => ({ product: id, distance: distance.get(id) ?? 0, columns: [...cols].sort() }))
    .sort((a, b) => a.distance - b.distance || a.product.localeCompare(b.product));
  const inTrace = new Set([product, ...products.map((p) => p.product)]);
  const tableEdges = lineage.tableEdges.filter((e) => inTrace.has(e.from) && inTrace.has(e.to)
    && (direction === 'downstream' ? e.to !== product : e.from !== product));
  const columns = products.flatMap((p) => p.columns.map((c) => ({ product: p.product, version: versionOf(contractOf(p.product)), column: c })));
  return { products, columns, tableEdges, columnEdges: unique(followed) };
}

function versionOf(c: ProductContract | undefined): number {
  return c ? currentVersion(c).version : 0;
}

/** The nodes one step away from `n` (a column, or with column '' a whole product), with the column edge taken. */
function steps(lineage: HubLineage, n: Node, direction: TraceDirection, columnsOf: (id: string) => string[]): [Node, ColumnEdge | undefined][] {
  const out: [Node, ColumnEdge | undefined][] = [];
  const explained = (from: string, to: string): boolean =>
    lineage.tableEdges.some((e) => e.from === from && e.to === to && e.kind !== 'declared');
  if (direction === 'downstream') {
    if (!n.column) {
      for (const e of lineage.tableEdges) if (e.from === n.product) out.push([{ product: e.to, column: '' }, undefined]);
      return out;
    }
    for (const e of lineage.columnEdges) {
      if (e.from.product === n.product && e.from.column === n.column) out.push([{ product: e.to.product, column: e.to.column }, e]);
    }
    for (const [built, build] of lineage.builds) {
      if (build.filters.some((r) => r.product === n.product && r.column === n.column)) {
        for (const c of columnsOf(built)) out.push([{ product: built, column: c }, undefined]);
      }
    }
    // A declared edge that no build or reference explains says nothing about columns: the whole product is affected.
    for (const e of lineage.tableEdges) {
      if (e.kind === 'declared' && e.from === n.product && !explained(e.from, e.to)) out.push([{ product: e.to, column: '' }, undefined]);
    }
    return out;
  }
  if (n.column) {
    for (const e of lineage.columnEdges) {
      if (e.to.product === n.product && e.to.column === n.column) out.push([{ product: e.from.product, column: e.from.column }, e]);
    }
  }
  const built = lineage.builds.has(n.product);
  for (const e of lineage.tableEdges) {
    if (e.to !== n.product) continue;
    // A whole product follows every edge; a column of a product not built from SQL also comes from the declared
    // sources that no reference explains.
    if (!n.column || (!built && e.kind === 'declared' && !explained(e.from, e.to))) out.push([{ product: e.from, column: '' }, undefined]);
  }
  return out;
}

function unique(edges: ColumnEdge[]): ColumnEdge[] {
  const byKey = new Map(edges.map((e) => [`${e.from.product}.${e.from.column}>${e.to.product}.${e.to.column}>${e.kind}`, e]));
  return [...byKey.values()];
}
