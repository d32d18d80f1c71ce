import { decimalParts } from '../contract/decimalType';
import { sumScalar } from '../model/aggregateModel';
import { measureAlias, measureParts, SPLIT } from './compileAggregate';
import type { ScalarName } from '../model/productModel';
import type { Measure } from '../query/queryPlan';
import { checkedValue } from '../query/checkedValue';

/** Exact decimal text of `unscaled / 10^scale`. */
function decimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}

/** `numerator / denominator` as the nearest double, from 40 significant digits (exact enough for any rounding). */
function ratioToDouble(numerator: bigint, denominator: bigint): number {
  const shift = 40 + Math.max(0, denominator.toString().length - numerator.toString().replace('-', '').length);
  const q = (numerator * 10n ** BigInt(shift)) / denominator;
  return Number(`${q}e-${shift}`);
}

function partsValue(m: Measure, row: Record<string, unknown>): unknown {
  const alias = measureAlias(m);
  const hi = row[`${alias}__hi`];
  if (hi === null || hi === undefined) return null;
  const scale = decimalParts(m.column.type)!.scale;
  const whole = BigInt(String(hi)) * SPLIT + BigInt(String(row[`${alias}__lo`]));
  const unscaled = whole * 10n ** BigInt(scale) + BigInt(String(row[`${alias}__frac`]));
  if (m.fn === 'sum') return checkedValue(`sum.${m.column.field}`, 'Decimal', decimalText(unscaled, scale));
  return ratioToDouble(unscaled, BigInt(String(row[`${alias}__n`])) * 10n ** BigInt(scale));
}

/** The scalar a measure is served as. */
export function measureScalar(m: Measure): ScalarName {
  if (m.fn === 'countDistinct') return 'Long';
  if (m.fn === 'avg') return 'Float';
  if (m.fn === 'sum') return sumScalar(m.column);
  return m.column.scalar;
}

/**
 * The value of one measure in a row of {@link compileAggregate}'s statement: exact (decimal parts recombined), or a
 * VALUE_OUT_OF_RANGE error when its scalar cannot represent it (a sum of int64 beyond Long, a sum of decimals beyond
 * 38 digits, a double sum beyond the largest double, a NaN in the data). Resolvers return the error in the
 * measure's place, so only that field is null.
 */
export function measureValue(m: Measure, row: Record<string, unknown>): unknown {
  if (measureParts(m)) return partsValue(m, row);
  return checkedValue(`${m.fn}.${m.column.field}`, measureScalar(m), row[measureAlias(m)]);
}
