import fc from 'fast-check';
import type { EdgeHub, TextRow } from './helpers/edgeHub';
import { startEdgeHub } from './helpers/edgeHub';

const WORDS = `product: words
domain: lab
owner: qa-team
description: Strings as keys, long ones included.
freshness: { warnAfter: 1d, errorAfter: 2d }
versions:
  - version: 1
    status: current
    primaryKey: [word]
    columns:
      - { name: word, type: string }
      - { name: n, type: int32 }
`;

const EXTREMES = `product: extremes
domain: lab
owner: qa-team
description: Every type at the edges of its domain, for page walks.
freshness: { warnAfter: 1d, errorAfter: 2d }
versions:
  - version: 1
    status: current
    primaryKey: [id]
    columns:
      - { name: id, type: int64 }
      - { name: s, type: string }
      - { name: w, type: string, references: lab.words.word }
      - { name: i32, type: int32 }
      - { name: i64, type: int64 }
      - { name: d, type: "decimal(38,10)" }
      - { name: f, type: double }
      - { name: b, type: boolean }
      - { name: dt, type: date }
      - { name: ts, type: timestamp }
`;

const LONG = 'x'.repeat(10_000);
/** Long strings sharing a 10,000-character prefix, differing only at their end (and one only by its length). */
const LONG_STRINGS = [`${LONG}a`, `${LONG}b`, LONG, `${LONG}é`, `${'🌍'.repeat(3000)}`, `${LONG}\u0000`.slice(0, -1) + 'c'];
const WORD_LIST = ['', 'a', 'b', '%', '_', 'é', 'e\u0301', '🌍', '\uffff', ...LONG_STRINGS];

const D_MAX = `${'9'.repeat(28)}.${'9'.repeat(10)}`;
const FIELDS = ['s', 'w', 'i32', 'i64', 'd', 'f', 'b', 'dt', 'ts'] as const;
type Field = (typeof FIELDS)[number];
const ENUM: Record<Field, string> = { s: 'S', w: 'W', i32: 'I32', i64: 'I64', d: 'D', f: 'F', b: 'B', dt: 'DT', ts: 'TS' };

function maybe<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.option(arb, { freq: 5, nil: null });
}

const text = fc.oneof(fc.constantFrom(...WORD_LIST, 'a%b_c', "o'k", 'Z', 'z'), fc.string({ unit: 'grapheme', maxLength: 6 }));
const i64 = fc.oneof(fc.constantFrom('9223372036854775807', '-9223372036854775808', '9007199254740993', '-9007199254740993', '0'),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String));
const dec = fc.oneof(fc.constantFrom(D_MAX, `-${D_MAX}`, '0.0000000001', '-0.0000000001', '0'),
  fc.tuple(fc.bigInt({ min: -(10n ** 28n) + 1n, max: 10n ** 28n - 1n }), fc.integer({ min: 0, max: 9_999_999 })).map(([a, b]) => `${a}.${String(b).padStart(10, '0')}`));
const dbl = fc.oneof(fc.constantFrom(1e300, -1e300, 5e-324, -5e-324, 0, -0, 1.7976931348623157e308, -1.7976931348623157e308, 0.1),
  fc.double({ noNaN: true, noDefaultInfinity: true }));
const date = fc.oneof(fc.constantFrom('0001-01-01', '9999-12-31', '1969-12-31', '1970-01-01', '1900-02-28'),
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
const stamp = fc.oneof(fc.constantFrom('0001-01-01 00:00:00', '9999-12-31 23:59:59.999999', '1969-12-31 23:59:59.999999', '1970-01-01 00:00:00.000001'),
  fc.tuple(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }))
    .map(([d, us]) => `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 23)}${String(us).padStart(3, '0')}`));

const rowArb = fc.record({
  s: maybe(text), w: maybe(fc.constantFrom(...WORD_LIST)), i32: maybe(fc.integer().map(String)), i64: maybe(i64), d: maybe(dec),
  f: maybe(dbl.map((x) => (Object.is(x, -0) ? '-0' : String(x)))), b: maybe(fc.boolean().map(String)), dt: maybe(date), ts: maybe(stamp),
});

/** The fixed rows: every long string at least twice (ties broken by the key), the rest generated (seeded). */
const ROWS: TextRow[] = [
  ...LONG_STRINGS.flatMap((s) => [{ s, w: s }, { s, w: null }]),
  ...fc.sample(rowArb, { seed: 20261201, numRuns: 50 }),
].map((r, i) => Object.assign({ id: String(BigInt(i * 7) - 100n), s: null, w: null, i32: null, i64: null, d: null, f: null, b: null, dt: null, ts: null }, r));

/** A served row as the tests read it. */
type Served = Record<Field | 'id', string | number | boolean | null>;

function utf8Compare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function decimalUnits(v: string): bigint {
  const [whole, frac = ''] = v.split('.');
  const neg = whole!.startsWith('-');
  const units = BigInt(whole!.replace('-', '')) * 10n ** 10n + BigInt(frac.padEnd(10, '0'));
  return neg ? -units : units;
}

/** The order DuckDB sorts a field's served values in (nulls handled by the caller). */
function compareValues(field: Field | 'id', a: string | number | boolean, b: string | number | boolean): number {
  switch (field) {
    case 's': case 'w': return utf8Compare(a as string, b as string);
    case 'i32': case 'f': return (a as number) - (b as number);
    case 'id': case 'i64': return BigInt(a as string) < BigInt(b as string) ? -1 : BigInt(a as string) > BigInt(b as string) ? 1 : 0;
    case 'd': { const x = decimalUnits(a as string); const y = decimalUnits(b as string); return x < y ? -1 : x > y ? 1 : 0; }
    case 'b': return Number(a) - Number(b);
    case 'dt': case 'ts': return a < b ? -1 : a > b ? 1 : 0;
  }
}

/** Nulls sort as the largest value; the key is the last tie-breaker. */
function comparator(order: { field: Field; desc: boolean }[]) {
  return (x: Served, y: Served): number => {
    for (const { field, desc } of [...order, { field: 'id' as const, desc: false }]) {
      const a = x[field];
      const b = y[field];
      const c = a === null && b === null ? 0 : a === null ? 1 : b === null ? -1 : compareValues(field, a, b);
      if (c) return desc ? -c : c;
    }
    return 0;
  };
}

let hub: EdgeHub;
let expectedAll: Served[];

beforeAll(async () => {
  hub = await startEdgeHub({ 'lab/words.yaml': WORDS, 'lab/extremes.yaml': EXTREMES });
  await hub.commit('lab.words', 1, WORD_LIST.map((word, n) => ({ word, n: String(n) })));
  await hub.commit('lab.extremes', 1, ROWS);
  const r = await hub.ask(`{ extremesV1(first: 100) { nodes { id ${FIELDS.join(' ')} } } }`);
  expect(r.errors).toBeUndefined();
  expectedAll = (r.data!.extremesV1 as { nodes: Served[] }).nodes;
  expect(expectedAll).toHaveLength(ROWS.length);
}, 180_000);
afterAll(async () => { await hub?.stop(); });

interface Page { nodes: Served[]; edges: { cursor: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }

const orderArb = fc.uniqueArray(fc.record({ field: fc.constantFrom(...FIELDS), desc: fc.boolean() }), { selector: (o) => o.field, minLength: 2, maxLength: 4 });

/** Walks a connection page by page from its start, checking every cursor it returns; at most 200 pages. */
async function walk(page: (after: string | null) => Promise<Page>): Promise<Served[]> {
  const seen: Served[] = [];
  let after: string | null = null;
  for (let i = 0; i < 200; i++) {
    const p: Page = await page(after);
    seen.push(...p.nodes);
    for (const e of p.edges) expect(e.cursor.length).toBeLessThanOrEqual(4096);
    if (!p.pageInfo.hasNextPage) return seen;
    after = p.pageInfo.endCursor;
  }
  throw new Error('expected the walk to end within 200 pages');
}

const SELECTION = `nodes { id ${FIELDS.join(' ')} } edges { cursor } pageInfo { hasNextPage endCursor }`;

/** Walks the list under `order`, `first` rows a page, and checks it visits every row once in the oracle's order. */
async function walkList(order: { field: Field; desc: boolean }[], first: number): Promise<void> {
  const orderBy = order.map((o) => ({ field: ENUM[o.field], direction: o.desc ? 'DESC' : 'ASC' }));
  const seen = await walk(async (after) => {
    const r = await hub.ask(`query($o: [ExtremeV1OrderBy!], $f: Int, $a: String) { extremesV1(orderBy: $o, first: $f, after: $a) { ${SELECTION} } }`, { o: orderBy, f: first, a: after });
    expect(r.errors).toBeUndefined();
    return r.data!.extremesV1 as Page;
  });
  expect(seen.map((r) => r.id)).toEqual([...expectedAll].sort(comparator(order)).map((r) => r.id));
}

describe('page walks over values at the edges of every type', () => {
  it.each(FIELDS.flatMap((field) => [[field, false], [field, true]] as const))('visits every row once, in order, on %s (descending: %s)', async (field, desc) => {
    await walkList([{ field, desc }], 7);
  }, 120_000);

  it('visits every row exactly once, in order, on any orderBy of several columns, with cursors bounded in size', async () => {
    await fc.assert(fc.asyncProperty(orderArb, fc.integer({ min: 3, max: 9 }), walkList), { seed: 8, numRuns: 8 });
  }, 300_000);

  it('accepts every edge cursor, not only endCursor', async () => {
    const r = await hub.ask('{ extremesV1(first: 100, orderBy: [{ field: S, direction: DESC }]) { nodes { id } edges { cursor } } }');
    const all = r.data!.extremesV1 as { nodes: { id: string }[]; edges: { cursor: string }[] };
    for (const i of [0, 3, 5, 11, all.edges.length - 2]) {
      const next = await hub.ask('query($a: String) { extremesV1(first: 1, after: $a, orderBy: [{ field: S, direction: DESC }]) { nodes { id } } }', { a: all.edges[i]!.cursor });
      expect(next.errors).toBeUndefined();
      expect(next.data!.extremesV1).toEqual({ nodes: [{ id: all.nodes[i + 1]!.id }] });
    }
  });

  it('walks a reverse relation from a 10,000-character key on its long values', async () => {
    for (const word of [`${LONG}a`, LONG]) {
      const expected = expectedAll.filter((r) => r.w === word).sort(comparator([{ field: 's', desc: true }]));
      const seen = await walk(async (after) => {
        const r = await hub.ask(`query($w: String!, $a: String) { wordV1(word: $w) { extremesV1(first: 1, after: $a, orderBy: [{ field: S, direction: DESC }]) {
          nodes { id ${FIELDS.join(' ')} } edges { cursor } pageInfo { hasNextPage endCursor } } } }`, { w: word, a: after });
        expect(r.errors).toBeUndefined();
        return (r.data!.wordV1 as { extremesV1: Page }).extremesV1;
      });
      expect(expected.length).toBeGreaterThan(0);
      expect(seen.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    }
  });
});
