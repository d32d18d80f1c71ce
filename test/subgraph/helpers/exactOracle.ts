/**
 * An exact model of filter semantics for every scalar, independent of the engine: integers and decimals as BigInt
 * rationals, instants as BigInt picoseconds, strings in UTF-8 byte order, and the documented input domains (what the
 * API refuses). No floating point touches a decimal, an int64 or an instant.
 */
import type { Row } from './hubData';
import type { Kind } from './reference';

type Value = Row[string];
/** A value reduced to something exactly comparable. */
type Exact = bigint | number | string | boolean | { units: bigint; exp: number } | Buffer;

const I64 = 2n ** 63n;

function decimal(text: string): { units: bigint; exp: number } | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || text.length > 1000 || (!m[2] && !m[3]) || (m[4] !== undefined && (text.length > 200 || Math.abs(Number(m[4])) > 400))) return undefined;
  const units = BigInt(`${m[1] === '-' ? '-' : ''}${m[2] ?? ''}${m[3] ?? ''}` || '0');
  return { units, exp: Number(m[4] ?? 0) - (m[3] ?? '').length };
}

/** Picoseconds since 1970 of a date-time in any accepted form; undefined outside the documented forms and range. */
function instant(text: string): bigint | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,12}))?)?(Z|[+-]\d\d(?::?\d\d)?)?$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => Number(x ?? 0)) as number[];
  const day = new Date(0);
  day.setUTCFullYear(y!, mo! - 1, d!);
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo! - 1 || day.getUTCDate() !== d) return undefined;
  const fraction = m[7] ?? '';
  const midnight = h === 24 && mi === 0 && s === 0 && !/[1-9]/.test(fraction);
  if ((h! > 23 && !midnight) || mi! > 59 || s! > 59) return undefined;
  const zone = m[8] ?? 'Z';
  const oh = zone === 'Z' ? 0 : Number(zone.slice(1, 3));
  const om = zone.length > 3 ? Number(zone.slice(-2)) : 0;
  if (oh > 23 || om > 59) return undefined;
  const offset = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  const seconds = BigInt(day.getTime() / 1000) + BigInt(h! * 3600 + mi! * 60 + s! - offset * 60);
  return seconds * 10n ** 12n + BigInt(fraction.padEnd(12, '0'));
}

const FIRST = instantOf('0001-01-01', 0n);
const END = instantOf('9999-12-31', 86400n * 10n ** 12n);

function instantOf(date: string, extra: bigint): bigint {
  const day = new Date(0);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  day.setUTCFullYear(y, m - 1, d);
  return BigInt(day.getTime() / 1000) * 10n ** 12n + extra;
}

function wellFormed(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

/** A literal as the API's documented input domain reads it, or undefined when the API must refuse it. */
export function readLiteral(kind: Kind, raw: unknown): Exact | undefined {
  switch (kind) {
    case 'Int': return typeof raw === 'number' && Number.isInteger(raw) && raw >= -(2 ** 31) && raw < 2 ** 31 ? raw : undefined;
    case 'Float': return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
    case 'Boolean': return typeof raw === 'boolean' ? raw : undefined;
    case 'String': return typeof raw === 'string' && wellFormed(raw) ? Buffer.from(raw, 'utf8') : undefined;
    case 'Long': {
      const n = typeof raw === 'number' && Number.isSafeInteger(raw) ? BigInt(raw) : typeof raw === 'string' && /^[+-]?\d{1,39}$/.test(raw) ? BigInt(raw) : undefined;
      return n !== undefined && n >= -I64 && n < I64 ? n : undefined;
    }
    case 'Decimal': return typeof raw === 'string' ? decimal(raw) : typeof raw === 'number' && Number.isFinite(raw) ? decimal(String(raw)) : undefined;
    case 'Date': {
      if (typeof raw !== 'string' || !/^\d{4}-\d\d-\d\d$/.test(raw) || raw < '0001') return undefined;
      const t = instant(`${raw}T00:00:00Z`);
      return t === undefined ? undefined : raw;
    }
    case 'DateTime': {
      const t = typeof raw === 'string' ? instant(raw) : undefined;
      return t !== undefined && t >= FIRST && t < END ? t : undefined;
    }
  }
}

function compareExact(a: Exact, b: Exact): number {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return Buffer.compare(a, b);
  if (typeof a === 'object' && typeof b === 'object' && !Buffer.isBuffer(a) && !Buffer.isBuffer(b)) {
    const low = Math.min(a.exp, b.exp);
    const x = a.units * 10n ** BigInt(a.exp - low);
    const y = b.units * 10n ** BigInt(b.exp - low);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function likeRegex(pattern: string): RegExp {
  const body = [...pattern].map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'su');
}

/**
 * Whether a stored value (wire form) satisfies `op` with an already accepted literal: SQL semantics where a null
 * matches nothing but `isNull`, and `notIn` does not match nulls.
 */
export function holds(kind: Kind, stored: Value, op: string, literal: unknown): boolean {
  if (op === 'isNull') return (stored === null) === literal;
  if (stored === null) return false;
  const value = readLiteral(kind, stored)!;
  const cmp = (raw: unknown): number => compareExact(value, readLiteral(kind, raw)!);
  switch (op) {
    case 'eq': return cmp(literal) === 0;
    case 'ne': return cmp(literal) !== 0;
    case 'gt': return cmp(literal) > 0;
    case 'gte': return cmp(literal) >= 0;
    case 'lt': return cmp(literal) < 0;
    case 'lte': return cmp(literal) <= 0;
    case 'in': return (literal as unknown[]).some((x) => cmp(x) === 0);
    case 'notIn': return !(literal as unknown[]).some((x) => cmp(x) === 0);
    case 'like': return likeRegex(literal as string).test(stored as string);
    case 'startsWith': return (stored as string).startsWith(literal as string);
    default: throw new Error(`unknown operator ${op}`);
  }
}

/** Whether the API must refuse a condition's literal (a list is refused when any of its values is). */
export function refused(kind: Kind, op: string, literal: unknown): boolean {
  if (op === 'isNull') return typeof literal !== 'boolean';
  const scalar = op === 'like' || op === 'startsWith' ? 'String' : kind;
  const values = op === 'in' || op === 'notIn' ? (literal as unknown[]) : [literal];
  return values.some((v) => readLiteral(scalar, v) === undefined);
}
