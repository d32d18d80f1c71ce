import type { ColumnSource } from './buildLineage';

/** A column of a relation inside a query: its name and the input columns (keys of {@link sourceKey}) it comes from. */
export interface RelationColumn {
  name: string;
  sources: ReadonlySet<string>;
}

/** The columns a FROM item, CTE or subquery yields, in order. */
export interface Relation {
  columns: RelationColumn[];
  /** How messages name it: `sales.orders v2`, `CTE totals`, `subquery o`. */
  label: string;
  /** Its columns are not known (a product already reported as unreadable): references to it are not reported again. */
  unknown?: boolean;
}

/** One FROM item visible by its alias (the table name when it has none). */
export interface ScopeEntry {
  alias: string;
  relation: Relation;
  /** `<domain>.<product>` for a product read directly, so `domain.product.column` resolves too. */
  product?: string;
  /** Columns `SELECT *` leaves out because a USING or NATURAL join already shows them from the left side. */
  hiddenFromStar: Set<string>;
}

/** The FROM items a query's expressions can name, its joins' merged USING columns, and the enclosing query's scope. */
export interface Scope {
  entries: ScopeEntry[];
  /** USING / NATURAL join columns by lower-case name: one column whose values come from both sides. */
  using: Map<string, RelationColumn>;
  outer?: Scope;
}

/** The key of an input column in a source set. */
export function sourceKey(s: ColumnSource): string {
  return `${s.product}\u0000${s.version}\u0000${s.column}`;
}

/** The input column a source key stands for. */
export function sourceOf(key: string): ColumnSource {
  const [product, version, column] = key.split('\u0000') as [string, string, string];
  return { product, version: Number(version), column };
}

/** The union of source sets. */
export function union(sets: Iterable<ReadonlySet<string>>): Set<string> {
  const out = new Set<string>();
  for (const s of sets) for (const k of s) out.add(k);
  return out;
}

/** Case-insensitive identifier equality, as DuckDB compares unquoted and quoted names alike. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The column named `name` in a relation, if any. */
export function columnOf(relation: Relation, name: string): RelationColumn | undefined {
  return relation.columns.find((c) => sameName(c.name, name));
}

/** A relation with its columns renamed by a column alias list (`t(a, b)`); extra aliases are ignored, as DuckDB errs. */
export function renamed(relation: Relation, aliases: string[], label = relation.label): Relation {
  return { ...relation, label, columns: relation.columns.map((c, i) => ({ name: aliases[i] ?? c.name, sources: c.sources })) };
}

/** The columns `SELECT *` yields over a scope (or one entry of it): every entry's columns, USING columns once. */
export function starColumns(scope: Scope, only?: ScopeEntry): RelationColumn[] {
  const out: RelationColumn[] = [];
  for (const e of only ? [only] : scope.entries) {
    for (const c of e.relation.columns) {
      if (!only && e.hiddenFromStar.has(c.name.toLowerCase())) continue;
      out.push(!only && scope.using.has(c.name.toLowerCase()) ? { name: c.name, sources: scope.using.get(c.name.toLowerCase())!.sources } : c);
    }
  }
  return out;
}
