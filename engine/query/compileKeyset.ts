import type { KeysetPosition, SortKey } from './queryPlan';
import type { SqlWriter } from './sqlWriter';
import { col } from './sqlWriter';

/** `ORDER BY` items: nulls sort as the largest value (last ascending, first descending). */
export function compileOrderBy(keys: SortKey[]): string {
  return keys.map((k) => `${col(k.column)} ${k.descending ? 'DESC NULLS FIRST' : 'ASC NULLS LAST'}`).join(', ');
}

/**
 * The condition "comes after `position` in `keys` order": for each key i, the earlier keys equal their position values
 * and key i is past its value. Null-aware, so a walk over a nullable sort column visits every row exactly once.
 */
export function compileKeyset(keys: SortKey[], position: KeysetPosition, w: SqlWriter): string {
  if (position.length !== keys.length) throw new Error(`expected ${keys.length} cursor values, got ${position.length}`);
  const disjuncts: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const past = pastValue(keys[i]!, position[i]!, w);
    if (past === undefined) continue;
    const equal = keys.slice(0, i).map((k, j) => {
      const v = position[j]!;
      return v === null ? `${col(k.column)} IS NULL` : `${col(k.column)} = ${w.value(v, k.column)}`;
    });
    disjuncts.push(`(${[...equal, past].join(' AND ')})`);
  }
  return disjuncts.length ? `(${disjuncts.join(' OR ')})` : 'FALSE';
}

/** Key strictly after its value, or undefined when nothing can be (ascending past a null). */
function pastValue(key: SortKey, value: KeysetPosition[number], w: SqlWriter): string | undefined {
  const c = col(key.column);
  if (key.descending) return value === null ? `${c} IS NOT NULL` : `${c} < ${w.value(value, key.column)}`;
  if (value === null) return undefined;
  const greater = `${c} > ${w.value(value, key.column)}`;
  return key.column.key ? greater : `(${greater} OR ${c} IS NULL)`;
}
