import { quoteIdent } from './sqlQuote';
import type { CursorPosition } from '../query/cursor';
import { isLongValue } from '../query/cursor';
import type { CompiledSql, KeysetPosition, SortKey, Source } from '../query/queryPlan';
import { col, fromFiles, SqlWriter } from './sqlWriter';

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

/**
 * Reads back the long values of a cursor ({@link LongValue}s): the row whose sort values are the cursor's, matched
 * exactly (digests by prefix and SHA-256), selecting each long value as `v<i>`. The primary key is among the sort
 * keys, so at most one row matches.
 */
export function compileCursorRow(source: Source, keys: SortKey[], position: CursorPosition): CompiledSql {
  if (position.length !== keys.length) throw new Error(`expected ${keys.length} cursor values, got ${position.length}`);
  const w = new SqlWriter();
  const select: string[] = [];
  const conditions = keys.map((k, i) => {
    const c = col(k.column);
    const v = position[i]!;
    if (v === null) return `${c} IS NULL`;
    if (!isLongValue(v)) return `${c} = ${w.value(v, k.column)}`;
    select.push(`${c} AS ${quoteIdent(`v${i}`)}`);
    return `starts_with(${c}, ${w.value(v.prefix, k.column)}) AND sha256(${c}) = ${w.typed(v.sha256, 'VARCHAR')}`;
  });
  return w.done(`SELECT ${select.join(', ')} FROM ${fromFiles(source)} WHERE ${conditions.join(' AND ')} LIMIT 1`);
}
