import { ErrorCode, TesseraError } from '../errors';

/** What a Decimal input may look like. */
export const DECIMAL_EXPECTED = 'a decimal number such as "12.30", "-0.5" or "1.5e3" (at most 1000 characters; with an exponent, at most 200 and '
  + 'the exponent within ±400)';

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;
/** Bounds on the text, so a literal cannot cost much: plain text up to 1000 characters, which also holds the plain form
 * of any exponent form allowed (200 characters, exponent within ±400), so canonical text parses again unchanged. */
const MAX_LENGTH = 1000;
const MAX_EXPONENT_LENGTH = 200;
const MAX_EXPONENT = 400;

function bad(raw: unknown): TesseraError {
  const shown = typeof raw === 'string' ? JSON.stringify(raw.length > 60 ? `${raw.slice(0, 57)}...` : raw) : String(raw);
  return new TesseraError(ErrorCode.BAD_USER_INPUT, `Decimal: expected ${DECIMAL_EXPECTED}, got ${shown}`);
}

/**
 * A Decimal from a string or a finite number, as plain canonical text: an optional `-`, the integer digits without
 * leading zeros, and the fraction digits as given (`"+012.30"` → `"12.30"`, `"1.5e3"` → `"1500"`, `"5."` → `"5"`).
 * Every digit is kept: no rounding happens here, whatever the column's precision and scale. A number is taken at its
 * shortest decimal spelling (`0.1` is `"0.1"`); send strings to keep more digits than a double holds.
 * @throws TesseraError BAD_USER_INPUT for anything else.
 */
export function parseDecimal(raw: unknown): string {
  const text = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
  const m = typeof text === 'string' && text.length <= MAX_LENGTH ? DECIMAL.exec(text) : null;
  if (!m || (!m[2] && !m[3])) throw bad(raw);
  const [, sign, whole = '', fraction = '', exp] = m;
  const shift = Number(exp ?? 0);
  if (exp !== undefined && ((text as string).length > MAX_EXPONENT_LENGTH || Math.abs(shift) > MAX_EXPONENT)) throw bad(raw);
  const digits = whole + fraction;
  const point = whole.length + shift;
  const intPart = point <= 0 ? '' : digits.slice(0, point).padEnd(point, '0');
  const fracPart = point <= 0 ? '0'.repeat(-point) + digits : digits.slice(point);
  return `${sign === '-' ? '-' : ''}${intPart.replace(/^0+/, '') || '0'}${fracPart ? `.${fracPart}` : ''}`;
}

/** A canonical Decimal (from parseDecimal) as an integer count of units of 10^-scale. */
export function decimalUnits(canonical: string): { units: bigint; scale: number } {
  const [whole, fraction = ''] = canonical.split('.');
  return { units: BigInt(`${whole}${fraction}`), scale: fraction.length };
}

/** Canonical text of `units` × 10^-scale, with exactly `scale` fraction digits. */
export function unitsText(units: bigint, scale: number): string {
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return units < 0n ? `-${text}` : text;
}
