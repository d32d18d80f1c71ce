import { decimalParts } from '../contract/decimalType';
import { quoteIdent } from './sqlQuote';
import type { GroupKeyModel } from '../model/aggregateModel';
import { compileFilter } from './compileFilter';
import { limitLiteral, whereClause } from './compileList';
import type { AggregatePlan, CompiledSql, Measure } from '../query/queryPlan';
import { col, fromFiles, outputExpr, SqlWriter } from './sqlWriter';

/** Output column of a group key (`k_orderedAtMonth`). */
export function keyAlias(key: GroupKeyModel): string {
  return `k_${key.field}`;
}

/** Output column of a measure (`sum_amountCents`); a measure computed in parts adds suffixed columns (see {@link measureParts}). */
export function measureAlias(m: Measure): string {
  return `${m.fn}_${m.column.field}`;
}

/** The power of ten a decimal's integer part is split at, so that the sum of each part fits a HUGEINT. */
export const SPLIT = 10n ** 19n;

/**
 * Whether a measure is computed in parts: sums and averages of decimals wider than 18 digits, whose DECIMAL(38) sum
 * could overflow (DuckDB then fails the whole statement). Each value is split into `hi` (integer part / 10^19),
 * `lo` (integer part % 10^19) and `frac` (fraction × 10^scale), summed separately as HUGEINT (no overflow below
 * 10^19 rows), and recombined exactly in {@link measureValue}; averages add `n`, the count of non-null values.
 */
export function measureParts(m: Measure): boolean {
  return (m.fn === 'sum' || m.fn === 'avg') && (decimalParts(m.column.type)?.precision ?? 0) > 18;
}

/**
 * A double sum or average that does not overflow in between: when the plain aggregate is not finite, it is computed
 * again over the values scaled by 2^-64 (exact: a power of two) and scaled back, which is finite whenever the result
 * itself is. Non-finite values in the data still give a non-finite result.
 */
function doubleMeasure(fn: 'sum' | 'avg', c: string): string {
  return `CASE WHEN isfinite(${fn}(${c})) THEN ${fn}(${c}) ELSE ${fn}(${c} * CAST('5.421010862427522e-20' AS DOUBLE)) * CAST('18446744073709551616' AS DOUBLE) END`;
}

function partExprs(m: Measure): string[] {
  const c = col(m.column);
  const scale = decimalParts(m.column.type)!.scale;
  const whole = `CAST(trunc(${c}) AS HUGEINT)`;
  const alias = measureAlias(m);
  const parts = [
    `sum(${whole} // ${SPLIT}::HUGEINT) AS ${quoteIdent(`${alias}__hi`)}`,
    `sum(${whole} % ${SPLIT}::HUGEINT) AS ${quoteIdent(`${alias}__lo`)}`,
    `sum(CAST((${c} - trunc(${c})) * ${10n ** BigInt(scale)} AS HUGEINT)) AS ${quoteIdent(`${alias}__frac`)}`,
  ];
  if (m.fn === 'avg') parts.push(`count(${c}) AS ${quoteIdent(`${alias}__n`)}`);
  return parts;
}

function measureExprs(m: Measure): string[] {
  if (measureParts(m)) return partExprs(m);
  const c = col(m.column);
  const alias = quoteIdent(measureAlias(m));
  const double = m.column.scalar === 'Float';
  switch (m.fn) {
    // Integer sums are HUGEINT in DuckDB (checked against Long when read); short decimals sum in DECIMAL(38).
    case 'sum': return [double ? `${doubleMeasure('sum', c)} AS ${alias}` : outputExpr(m.column, `sum(${c})`, measureAlias(m))];
    case 'avg': return [`CAST(${double ? doubleMeasure('avg', c) : `avg(${c})`} AS DOUBLE) AS ${alias}`];
    case 'min': return [outputExpr(m.column, `min(${c})`, measureAlias(m))];
    case 'max': return [outputExpr(m.column, `max(${c})`, measureAlias(m))];
    case 'countDistinct': return [`count(DISTINCT ${c}) AS ${alias}`];
  }
}

function keyExpr(key: GroupKeyModel): string {
  if (!key.grain) return col(key.column);
  const truncated = `date_trunc('${key.grain}', ${col(key.column)})`;
  return key.column.type === 'date' ? `CAST(${truncated} AS DATE)` : `CAST(${truncated} AS TIMESTAMP)`;
}

/**
 * Grouped aggregates in one statement, groups ordered by their keys (nulls last). No measure can overflow in SQL:
 * a value outside its scalar's domain is found when the row is read ({@link measureValue}) and costs that value only.
 */
export function compileAggregate(plan: AggregatePlan): CompiledSql {
  const w = new SqlWriter();
  const conditions = plan.filter ? [compileFilter(plan.filter, w)] : [];
  const keys = plan.groupBy.map((k) => outputExpr(k.column, keyExpr(k), keyAlias(k)));
  const select = [...keys, 'count(*) AS "count"', ...plan.measures.flatMap(measureExprs)].join(', ');
  const grouping = plan.groupBy.length
    ? ` GROUP BY ${plan.groupBy.map(keyExpr).join(', ')} ORDER BY ${plan.groupBy.map((k) => `${keyExpr(k)} ASC NULLS LAST`).join(', ')}`
    : '';
  return w.done(`SELECT ${select} FROM ${fromFiles(plan.source)}${whereClause(conditions)}${grouping} LIMIT ${limitLiteral(plan.limit)}`);
}
