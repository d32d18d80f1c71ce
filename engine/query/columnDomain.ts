import { decimalParts } from '../contract/decimalType';
import { dateTimeMicros, LAST_MICROS, microsText } from './dateTimeText';
import { decimalUnits, unitsText } from './decimalText';
import type { ColumnModel } from '../model/productModel';
import type { SqlValue } from './scalarValue';

/**
 * Where a value falls among the values a column can hold. Either it is one of them (`exact`, written as the column
 * holds it), or it lies strictly between two neighbours: `below` is the greatest column value under it and `above`
 * the least over it, each missing past the end of the column's domain. Comparisons with a value that is not exact are
 * then rewritten exactly: `x >= 1.005` on a decimal(10,2) is `x >= 1.01`, `x = 1.005` is false.
 */
export type Placement = { exact: SqlValue } | { exact?: undefined; below?: SqlValue; above?: SqlValue };

function floorDiv(a: bigint, d: bigint): bigint {
  const q = a / d;
  return a % d !== 0n && a < 0n ? q - 1n : q;
}

/** A decimal(p,s) column holds the multiples of 10^-s of magnitude below 10^(p-s). */
function placeDecimal(text: string, precision: number, scale: number): Placement {
  const { units, scale: given } = decimalUnits(text);
  let floor: bigint;
  let ceil: bigint;
  if (given <= scale) floor = ceil = units * 10n ** BigInt(scale - given);
  else {
    const d = 10n ** BigInt(given - scale);
    floor = floorDiv(units, d);
    ceil = floor * d === units ? floor : floor + 1n;
  }
  const max = 10n ** BigInt(precision) - 1n;
  if (floor === ceil && floor >= -max && floor <= max) return { exact: unitsText(floor, scale) };
  const below = floor === ceil ? floor - 1n : floor;
  const above = floor === ceil ? ceil + 1n : ceil;
  return {
    below: below < -max ? undefined : unitsText(below > max ? max : below, scale),
    above: above > max ? undefined : unitsText(above < -max ? -max : above, scale),
  };
}

/** A timestamp column holds whole microseconds; the DateTime scalar already keeps inputs within its years. */
function placeTimestamp(text: string): Placement {
  const { micros, finer } = dateTimeMicros(text);
  if (!finer) return { exact: text };
  return { below: microsText(micros), above: micros < LAST_MICROS ? microsText(micros + 1n) : undefined };
}

/**
 * Places a value (from parseScalarValue for the column's scalar) in the column's domain. Only decimal and timestamp
 * columns hold fewer values than their scalar accepts; every other value is exact as it is.
 */
export function placeInColumn(column: ColumnModel, value: SqlValue): Placement {
  if (column.type === 'timestamp') return placeTimestamp(String(value));
  const d = decimalParts(column.type);
  return d ? placeDecimal(String(value), d.precision, d.scale) : { exact: value };
}
