import { parseContract } from '../../../engine/contract/parseContract';
import type { ProductContract } from '../../../engine/contract/types';
import type { Row } from './hubData';
import type { Kind } from './reference';

/** A product of the `edge` domain with one column of every logical type, for the domain-edge differential tests. */
export const EDGE_CONTRACT: ProductContract = parseContract('schema/edge/values.yaml', `
product: values
domain: edge
owner: platform
description: One column of every logical type, holding each type's extreme and awkward values.
freshness: { warnAfter: 1h, errorAfter: 2h }
versions:
  - version: 1
    status: current
    primaryKey: [id]
    columns:
      - { name: id, type: int32 }
      - { name: s, type: string }
      - { name: i, type: int32 }
      - { name: l, type: int64 }
      - { name: d, type: double }
      - { name: m, type: "decimal(10,2)" }
      - { name: w, type: "decimal(38,10)" }
      - { name: b, type: boolean }
      - { name: day, type: date }
      - { name: at, type: timestamp }
`);

/** Field kinds of edge.values v1, written out independently of the engine's model. */
export const EDGE_KINDS: Record<string, Kind> = {
  id: 'Int', s: 'String', i: 'Int', l: 'Long', d: 'Float', m: 'Decimal', w: 'Decimal', b: 'Boolean', day: 'Date', at: 'DateTime',
};

const W_MAX = '9999999999999999999999999999.9999999999';
const I32 = 2 ** 31;

/** One row per line: values in the wire form the API serves them (Long, Decimal as text at the column's scale). */
const VALUES: Omit<Row, 'id'>[] = [
  { s: '', i: 0, l: '0', d: 0, m: '0.00', w: '0.0000000000', b: false, day: '1970-01-01', at: '1970-01-01T00:00:00.000000Z' },
  { s: null, i: null, l: null, d: null, m: null, w: null, b: null, day: null, at: null },
  { s: 'a%b_c', i: I32 - 1, l: '9223372036854775807', d: 1e300, m: '99999999.99', w: W_MAX, b: true, day: '9999-12-31', at: '9999-12-31T23:59:59.999999Z' },
  { s: '%', i: -I32, l: '-9223372036854775808', d: -1e300, m: '-99999999.99', w: `-${W_MAX}`, b: false, day: '0001-01-01', at: '0001-01-01T00:00:00.000000Z' },
  { s: '😀 smile', i: 1, l: '9007199254740993', d: 5e-324, m: '1.00', w: '0.0000000001', b: true, day: '1969-12-31', at: '1969-12-31T23:59:59.999999Z' },
  { s: 'é', i: -1, l: '-9007199254740993', d: -5e-324, m: '1.01', w: '-0.0000000001', b: true, day: '2026-01-01', at: '2026-01-01T00:00:00.000000Z' },
  { s: '\uFFFF', i: 2, l: '1', d: 1.5, m: '-1.01', w: '1.0050000000', b: false, day: '2024-02-29', at: '2026-01-01T00:00:00.000001Z' },
  { s: 'x'.repeat(10_000), i: 3, l: '-1', d: 9007199254740992, m: '0.01', w: '12345678901234.1234560000', b: null, day: '1900-03-01', at: '2025-12-31T23:59:59.999999Z' },
  { s: 'null', i: 4, l: '2', d: 1e21, m: '-0.01', w: '-12345678901234.1234560000', b: true, day: '0099-12-31', at: '1900-02-28T12:00:00.500000Z' },
  { s: 'a\nb', i: 5, l: '1000', d: -1e21, m: '1.99', w: '1.0000000000', b: false, day: '2000-02-29', at: '2026-11-21T06:01:32.123456Z' },
  { s: '_', i: 6, l: '-1000', d: 1.7976931348623157e308, m: '2.00', w: '0.9999999999', b: false, day: '1582-10-15', at: '2026-11-21T06:01:32.123457Z' },
  { s: ' lead', i: 7, l: '4294967296', d: -1.7976931348623157e308, m: '-2.50', w: '99999999999999999999999999.9999999999', b: true, day: '2026-11-21', at: '0001-01-01T00:00:00.000001Z' },
  { s: '\uFFFD', i: 8, l: '-4294967296', d: 0.1, m: '12345678.90', w: '-1.0050000000', b: null, day: '9999-12-30', at: '9999-12-31T23:59:59.999998Z' },
  { s: 'A', i: 9, l: '9223372036854775806', d: -0.1, m: '-12345678.90', w: '0.5000000000', b: false, day: '0001-01-02', at: '2000-01-01T00:00:00.000000Z' },
  { s: 'a', i: 10, l: '-9223372036854775807', d: 2 ** 63, m: null, w: null, b: true, day: null, at: null },
  { s: 'ab', i: null, l: null, d: null, m: '0.00', w: '0.0000000000', b: false, day: '1970-01-01', at: '1970-01-01T00:00:00.000000Z' },
  { s: 'a\\b', i: 11, l: '12', d: 3, m: '3.00', w: '3.0000000000', b: true, day: '2026-01-02', at: '2026-01-01T01:00:00.000000Z' },
  { s: 'Ä', i: 12, l: '13', d: 2.5, m: '2.50', w: '2.5000000000', b: false, day: '2026-01-03', at: '2025-12-31T23:00:00.000000Z' },
];

/** The rows of edge.values v1 as the API serves them. */
export const EDGE_ROWS: Row[] = VALUES.map((v, i) => ({ id: i + 1, ...v }));
