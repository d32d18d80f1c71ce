import { LocalStore } from '../../engine/storage/localStore';
import { startS3rver } from '../helpers/startS3rver';
import type { RunningS3rver } from '../helpers/startS3rver';
import { EDGE_KINDS, EDGE_ROWS } from './helpers/edgeProduct';
import { holds, refused } from './helpers/exactOracle';
import type { Row } from './helpers/hubData';
import { startEdgeHub } from './helpers/startEdgeHub';
import type { EdgeHub } from './helpers/startEdgeHub';

const W_MAX = '9999999999999999999999999999.9999999999';
const X = 'x'.repeat(10_000);

/** Literals per field: each type's limits, values between and beyond them, and inputs the API must refuse. */
const LITERALS: Record<string, unknown[]> = {
  id: [1, 18, 0, 19, -1],
  i: [0, 1, -1, 2147483647, -2147483648, 2147483648, -2147483649, 5, 12],
  l: ['0', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '-9223372036854775809', '+1', '01', '-0', '1e3', ' 1', '1.0',
    '9007199254740993', '-9007199254740993', 1000, '4294967296', '99999999999999999999', ''],
  d: [0, -0, 1e21, -1e21, 1e22, 1e300, -1e300, 5e-324, -5e-324, 1.7976931348623157e308, -1.7976931348623157e308, 2 ** 63, 9007199254740992, 0.1, -0.1, 3, 1.5, 1e-300],
  m: ['1.005', '1.01', '1.010', '-1.005', '123456789012', '-123456789012', '99999999.99', '99999999.995', '-99999999.991', '-0.001', '0', '-0',
    '1e-7', 1e21, 1e-7, '1.5e0', '2.5', '0.005', '100000000', '-100000000', '.5', '+2.50', 'abc', '1e401', '1,5'],
  w: [W_MAX, `-${W_MAX}`, '1e28', '-1e28', '12345678901234.123456', '12345678901234.12345600001', '-12345678901234.12345600001', '0.00000000005',
    '-0.00000000005', '1.005', '99999999999999999999999999999999999999', '1e-400', '0.5', '99999999999999999999999999.99999999995', '1.00500000000000000001'],
  b: [true, false],
  s: ['', 'a', 'A', 'é', 'Ä', '😀 smile', '\uFFFF', '\uFFFD', 'null', 'a%b_c', '%', '_', X, X.slice(1), `${X}x`, '\uD800', 'a\uDC00', 'ab', 'a\\b', 'a\nb', ' lead'],
  day: ['1970-01-01', '0001-01-01', '9999-12-31', '0000-01-01', '+10000-01-01', '10000-01-01', '2024-02-29', '2026-02-29', '1969-12-31', '0099-12-31',
    '1582-10-04', '2026-13-01', '2026-01-01T00:00:00Z'],
  at: ['1970-01-01T00:00:00Z', '2026-01-01T00:00:00.0000005Z', '2026-01-01T00:00:00.0000000Z', '2026-01-01T01:00:00+01:00', '2026-01-01T01:00:00+0100',
    '2026-01-01T01:00:00+01', '2025-12-31T19:00:00-05', '2026-01-01T00:00:00.000001Z', '2026-01-01T00:00:00.0000015Z', '9999-12-31T23:59:59.999999Z',
    '9999-12-31T23:59:59.9999995Z', '0001-01-01T00:00:00Z', '0001-01-01T00:00:00.0000001Z', '0001-01-01T00:00:00+01:00', '1969-12-31T23:59:59.9999995Z',
    '2026-11-21T06:01:32.1234565Z', '2026-11-21 06:01:32.123456', '2026-11-21T07:01:32.123457+0100', '2026-11-21T06:01:32.123456z',
    '2026-11-21t06:01:32Z', '2026-01-01T00:00:00+24:00', '2025-12-31T24:00:00Z', '2025-12-31T24:00:01Z', '2026-01-01', '1900-02-28T12:00:00.5Z', '2026-01-01T05:30:00+05:30',
    '2026-01-01T00:00:00+5', '10000-01-01T00:00:00Z', '2026-02-30T00:00:00Z', '2025-12-31T23:00Z'],
};
const LIKE = ['%', '_', 'a%', '%b%', 'a_', 'a\\%', 'a\\b', '%😀%', '_ smile', '', 'x%', 'a%b_c', '%\n%', 'A%', '\uD800%', `${X.slice(2)}__`];
const PREFIXES = ['', 'a', 'a%', '😀', X.slice(5000), 'A', '\uFFFF', 'x', 'a\\', '\uDBFF'];

interface Case { field: string; op: string; value: unknown }

/**
 * Every operator with accepted literals (in/notIn as singletons, neighbouring pairs and all at once); each
 * refused literal in a comparison or in a list beside an accepted value (one bad value refuses a whole list).
 */
function casesOf(field: string, literals: unknown[]): Case[] {
  const kind = EDGE_KINDS[field]!;
  const accepted = literals.filter((v) => !refused(kind, 'eq', v));
  const out: Case[] = [];
  // Decimals and DateTimes are where a literal can fall between a column's values: every comparison with each.
  const every = kind === 'Decimal' || kind === 'DateTime';
  accepted.forEach((value, i) => {
    for (const op of every ? ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] : i % 2 ? ['ne', 'gte', 'lt'] : ['eq', 'gt', 'lte']) out.push({ field, op, value });
  });
  for (let i = 0; i < accepted.length; i++) out.push({ field, op: i % 2 ? 'in' : 'notIn', value: accepted.slice(i, i + 1 + (i % 3)) });
  for (const op of ['in', 'notIn']) out.push({ field, op, value: accepted });
  for (const isNull of [true, false]) out.push({ field, op: 'isNull', value: isNull });
  literals.filter((v) => refused(kind, 'eq', v)).forEach((value, i) => out.push(i % 2 ? { field, op: 'notIn', value: [accepted[0], value] } : { field, op: 'lte', value }));
  return out;
}

const CASES: Case[] = [
  ...Object.entries(LITERALS).flatMap(([field, literals]) => casesOf(field, literals)),
  ...LIKE.map((value) => ({ field: 's', op: 'like', value })),
  ...PREFIXES.map((value) => ({ field: 's', op: 'startsWith', value })),
];

const ids = (rows: Row[]): number[] => rows.map((r) => r.id as number);
const expectedIds = (c: Case, negated: boolean): number[] =>
  ids(EDGE_ROWS.filter((row) => holds(EDGE_KINDS[c.field]!, row[c.field] ?? null, c.op, c.value) !== negated));
const whereOf = (c: Case, negated: boolean): Record<string, unknown> => {
  const leaf = { [c.field]: { [c.op]: c.value } };
  return negated ? { not: leaf } : leaf;
};

/** Conditions per request, each an aliased list field. */
const BATCH = 80;
const FIELDS = Object.keys(EDGE_KINDS).join(' ');
/** Each store with the share of cases it runs: all on the local folder; on S3 a sample, as reads do not differ by store. */
const STORES = [['local folder', 1], ['S3-protocol server', 20]] as const;

describe.each(STORES)('every filter operator on every type, against an exact oracle, through the gateway (%s store)', (kind, stride) => {
  const sampled = CASES.filter((_, i) => i % stride === 0);
  let s3: RunningS3rver | undefined;
  let hub: EdgeHub;
  beforeAll(async () => {
    if (kind === 'S3-protocol server') s3 = await startS3rver();
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    hub = await startEdgeHub(s3 ? s3.store('edge') : new LocalStore(join(await mkdtemp(join(tmpdir(), 'tessera-edge-store-')), 'store')));
  });
  afterAll(async () => {
    await hub?.stop();
    await s3?.stop();
  });

  it('serves every edge value back exactly (-0 may come back as 0)', async () => {
    const r = await hub.ask(`{ valuesV1(first: 100) { nodes { ${FIELDS} } } valueV1(id: 3) { l w at day } }`);
    expect(r.errors).toBeUndefined();
    const nodes = (r.data!.valuesV1 as { nodes: Row[] }).nodes;
    expect(nodes).toEqual(EDGE_ROWS.map((row) => ({ ...row, d: Object.is(row.d, -0) ? 0 : row.d })));
    expect(r.data!.valueV1).toEqual({ l: '9223372036854775807', w: W_MAX, at: '9999-12-31T23:59:59.999999Z', day: '9999-12-31' });
  });

  it('answers every accepted literal exactly, and its negation as the plain complement', async () => {
    // Every fifth condition is asked negated too: `not` must be the plain complement, nulls included.
    const accepted = sampled.filter((c) => !refused(EDGE_KINDS[c.field]!, c.op, c.value))
      .flatMap((c, i) => [{ c, negated: false }, ...(i % 5 ? [] : [{ c, negated: true }])]);
    expect(accepted.length).toBeGreaterThan(700 / stride);
    for (let start = 0; start < accepted.length; start += BATCH) {
      const batch = accepted.slice(start, start + BATCH);
      const vars = batch.map((_, i) => `$w${i}: ValueV1Filter`).join(', ');
      const fields = batch.map((_, i) => `c${i}: valuesV1(where: $w${i}, first: 100) { nodes { id } }`).join('\n');
      const r = await hub.ask(`query(${vars}) {\n${fields}\n}`, Object.fromEntries(batch.map((b, i) => [`w${i}`, whereOf(b.c, b.negated)])));
      expect(r.errors).toBeUndefined();
      const got = batch.map((b, i) => ({ where: whereOf(b.c, b.negated), ids: ids((r.data![`c${i}`] as { nodes: Row[] }).nodes) }));
      expect(got).toEqual(batch.map((b) => ({ where: whereOf(b.c, b.negated), ids: expectedIds(b.c, b.negated) })));
    }
  });

  it('refuses every literal outside its scalar\'s domain with BAD_USER_INPUT naming the domain', async () => {
    const share = Math.min(stride, 5);
    const refusals = CASES.filter((c) => refused(EDGE_KINDS[c.field]!, c.op, c.value)).filter((_, i) => i % share === 0);
    expect(refusals.length).toBeGreaterThanOrEqual(Math.floor(30 / share));
    for (const c of refusals) {
      const r = await hub.ask('query($w: ValueV1Filter) { valuesV1(where: $w) { nodes { id } } }', { w: whereOf(c, false) });
      const scalar = c.op === 'like' || c.op === 'startsWith' ? 'String' : EDGE_KINDS[c.field]!;
      expect({ where: whereOf(c, false), code: r.errors?.[0]?.extensions?.code, data: r.data?.valuesV1 ?? null })
        .toEqual({ where: whereOf(c, false), code: 'BAD_USER_INPUT', data: null });
      expect(r.errors![0]!.message).toMatch(scalar === 'Int' ? /Int cannot represent|Int: expected a 32-bit integer/ : new RegExp(`${scalar}: expected `));
      if (scalar === 'Long') expect(r.errors![0]!.message).toContain('from -9223372036854775808 to 9223372036854775807');
      if (scalar === 'Date') expect(r.errors![0]!.message).toContain('from 0001-01-01 to 9999-12-31');
      if (scalar === 'DateTime') expect(r.errors![0]!.message).toContain('Z, ±HH:MM, ±HHMM, ±HH or nothing for UTC');
    }
  });

  it('reads literals written inline in the query the same way as variables', async () => {
    const r = await hub.ask(`{ a: valuesV1(where: { m: { gte: "1.005" } }, first: 100) { nodes { id } } b: valuesV1(where: { w: { lt: "1e30" } }, first: 100) { nodes { id } }
      c: valuesV1(where: { at: { eq: "2026-01-01T01:00:00+01" } }, first: 100) { nodes { id } }
      d: valuesV1(where: { l: { eq: "+9223372036854775807" } }, first: 100) { nodes { id } }
      e: valuesV1(where: { d: { gt: 1e21 } }, first: 100) { nodes { id } }
      f: valuesV1(where: { at: { gt: "2026-01-01T00:00:00.0000005Z" } }, first: 100) { nodes { id } } }`);
    expect(r.errors).toBeUndefined();
    const expect1 = (c: Case): { nodes: { id: number }[] } => ({ nodes: expectedIds(c, false).map((id) => ({ id })) });
    expect(r.data).toEqual({
      a: expect1({ field: 'm', op: 'gte', value: '1.005' }), b: expect1({ field: 'w', op: 'lt', value: '1e30' }),
      c: expect1({ field: 'at', op: 'eq', value: '2026-01-01T00:00:00Z' }), d: expect1({ field: 'l', op: 'eq', value: '9223372036854775807' }),
      e: expect1({ field: 'd', op: 'gt', value: 1e21 }), f: expect1({ field: 'at', op: 'gt', value: '2026-01-01T00:00:00.0000005Z' }),
    });
    expect((r.data!.c as { nodes: unknown[] }).nodes).toEqual([{ id: 6 }]);
    const bad = await hub.ask('{ valuesV1(where: { l: { eq: "9223372036854775808" } }) { nodes { id } } }');
    expect(bad.errors?.[0]?.message).toContain('from -9223372036854775808 to 9223372036854775807');
  });

  it('takes every DateTime offset form in asOf, and refuses the rest naming the accepted forms', async () => {
    for (const asOf of ['9999-12-31T00:00:00Z', '9999-12-31T05:00:00+05', '9999-12-31T05:00:00+0500', '9999-12-30T19:00:00-05:00', '9999-12-31 00:00:00']) {
      const r = await hub.ask('query($t: DateTime) { valuesV1(asOf: $t, first: 1) { nodes { id } } }', { t: asOf });
      expect({ asOf, errors: r.errors, data: r.data }).toEqual({ asOf, errors: undefined, data: { valuesV1: { nodes: [{ id: 1 }] } } });
    }
    const early = await hub.ask('query($t: DateTime) { valuesV1(asOf: $t) { nodes { id } } }', { t: '2000-01-01T00:00:00+01' });
    expect(early.errors?.[0]?.extensions?.code).toBe('SNAPSHOT_NOT_FOUND');
    for (const asOf of ['9999-12-31t00:00:00Z', '9999-12-31T00:00:00+5', '9999-12-31T00:00:00 Z']) {
      const r = await hub.ask('query($t: DateTime) { valuesV1(asOf: $t) { nodes { id } } }', { t: asOf });
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.message).toContain('Z, ±HH:MM, ±HHMM, ±HH or nothing for UTC');
    }
  });
});
