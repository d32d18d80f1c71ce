/**
 * An independent model of the query semantics in plain TypeScript, over the generated rows: the differential tests
 * compare every subgraph answer with it. It shares no code with the engine.
 */
import type { Row } from './hubData';

/** Value kinds, as the wire format carries them. */
export type Kind = 'String' | 'Int' | 'Long' | 'Float' | 'Decimal' | 'Boolean' | 'Date' | 'DateTime';

type Value = Row[string];

function decimalKey(v: string): [bigint, number] {
  const [i = '0', f = ''] = v.split('.');
  return [BigInt(`${i}${f.padEnd(12, '0')}`), 0];
}

/** Compares two non-null values of a kind. */
export function compare(kind: Kind, a: Value, b: Value): number {
  switch (kind) {
    case 'Long': return BigInt(a as string) < BigInt(b as string) ? -1 : BigInt(a as string) > BigInt(b as string) ? 1 : 0;
    case 'Decimal': {
      const [x] = decimalKey(a as string);
      const [y] = decimalKey(b as string);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'Int': case 'Float': return (a as number) - (b as number);
    case 'Boolean': return Number(a) - Number(b);
    default: return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  }
}

function likeRegex(pattern: string): RegExp {
  const body = [...pattern].map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 's');
}

function leaf(kind: Kind, value: Value, op: string, arg: unknown): boolean {
  if (op === 'isNull') return (value === null) === arg;
  if (value === null) return false;
  const cmp = (x: unknown): number => compare(kind, value, x as Value);
  switch (op) {
    case 'eq': return cmp(arg) === 0;
    case 'ne': return cmp(arg) !== 0;
    case 'gt': return cmp(arg) > 0;
    case 'gte': return cmp(arg) >= 0;
    case 'lt': return cmp(arg) < 0;
    case 'lte': return cmp(arg) <= 0;
    case 'in': return (arg as unknown[]).some((x) => cmp(x) === 0);
    case 'notIn': return !(arg as unknown[]).some((x) => cmp(x) === 0);
    case 'like': return likeRegex(arg as string).test(value as string);
    case 'startsWith': return (value as string).startsWith(arg as string);
    default: throw new Error(`unknown operator ${op}`);
  }
}

/** Whether a row matches a `where` filter (leaves false on null, `not` the plain complement). */
export function matches(where: Record<string, unknown> | undefined, row: Row, kinds: Record<string, Kind>): boolean {
  if (!where) return true;
  return Object.entries(where).every(([key, v]) => {
    if (key === 'and') return (v as Record<string, unknown>[]).every((w) => matches(w, row, kinds));
    if (key === 'or') return (v as Record<string, unknown>[]).some((w) => matches(w, row, kinds));
    if (key === 'not') return !matches(v as Record<string, unknown>, row, kinds);
    return Object.entries(v as Record<string, unknown>).every(([op, arg]) => leaf(kinds[key]!, row[key] ?? null, op, arg));
  });
}

/** One sort key of the reference: field and direction; nulls sort as the largest value. */
export interface RefSort { field: string; desc: boolean }

/** Sorts rows by keys then the primary key fields ascending. */
export function sortRows(rows: Row[], keys: RefSort[], primaryKey: string[], kinds: Record<string, Kind>): Row[] {
  const all = [...keys, ...primaryKey.filter((k) => !keys.some((s) => s.field === k)).map((field) => ({ field, desc: false }))];
  return [...rows].sort((a, b) => {
    for (const k of all) {
      const x = a[k.field] ?? null;
      const y = b[k.field] ?? null;
      let c: number;
      if (x === null && y === null) c = 0;
      else if (x === null) c = 1;
      else if (y === null) c = -1;
      else c = compare(kinds[k.field]!, x, y);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  });
}

/** Groups rows by the values of functions of a row, in first-seen order. */
export function groupRows(rows: Row[], keyOf: (row: Row) => Value[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const k = JSON.stringify(keyOf(r));
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return groups;
}
