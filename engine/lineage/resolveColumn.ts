import type { RelationColumn, Scope, ScopeEntry } from './lineageScope';
import { columnOf, sameName } from './lineageScope';

/**
 * Resolves a column reference (`col`, `t.col`, `domain.product.col`, or any of them followed by struct fields) the
 * way DuckDB's binder does: USING columns first, then the FROM items of the query, then earlier select-list aliases,
 * then the enclosing query's scope (correlated subqueries). A struct field access resolves to its column.
 * @returns the column, or a message saying what was expected and what was found.
 */
export function resolveColumn(names: string[], scope: Scope, earlier: RelationColumn[]): RelationColumn | string {
  const first = resolveIn(names, scope, earlier);
  if (first) return first;
  for (let outer = scope.outer; outer; outer = outer.outer) {
    const found = resolveIn(names, outer, []);
    if (found && typeof found !== 'string') return found;
  }
  // A table already reported as unreadable could have held it: one finding is enough.
  if (scope.entries.some((e) => e.relation.unknown)) return { name: names.at(-1) ?? '', sources: new Set() };
  const name = names.join('.');
  const tables = scope.entries.map((e) => describe(e)).join('; ');
  return `expected a column of ${tables || 'the FROM clause'}, found "${name}"`;
}

function describe(e: ScopeEntry): string {
  const cols = e.relation.columns.map((c) => c.name).filter((n) => !n.startsWith('#'));
  return `${e.relation.label}${e.alias && !e.relation.label.endsWith(e.alias) ? ` (as ${e.alias})` : ''}: ${cols.join(', ') || 'no columns'}`;
}

function resolveIn(names: string[], scope: Scope, earlier: RelationColumn[]): RelationColumn | string | undefined {
  const [a, b, c] = names as [string, string | undefined, string | undefined];
  if (c !== undefined) {
    // domain.product.column on a product read without alias.
    const entry = scope.entries.find((e) => e.product && sameName(e.product, `${a}.${b}`) && sameName(e.alias, b!));
    const col = entry && columnOf(entry.relation, c);
    if (col) return col;
  }
  if (b !== undefined) {
    const entry = scope.entries.find((e) => sameName(e.alias, a));
    if (entry) {
      if (entry.relation.unknown) return { name: b, sources: new Set() };
      return columnOf(entry.relation, b) ?? `expected a column of ${describe(entry)}, found "${a}.${b}"`;
    }
  }
  // A bare column, or a struct field access on one (`col.field`).
  const using = scope.using.get(a.toLowerCase());
  if (using) return using;
  const matches = scope.entries.map((e) => columnOf(e.relation, a)).filter((x): x is RelationColumn => x !== undefined);
  if (matches.length > 1) {
    const where = scope.entries.filter((e) => columnOf(e.relation, a)).map((e) => e.alias);
    return `expected column "${a}" to name one column, found it in ${where.join(' and ')} (qualify it)`;
  }
  if (matches.length === 1) return matches[0];
  return earlier.find((x) => sameName(x.name, a));
}
