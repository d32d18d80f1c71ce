import fc from 'fast-check';
import { parseContract } from '../../engine/contract/parseContract';
import { compileCursorRow } from '../../engine/duckdb/compileKeyset';
import { decodeCursor, encodeCursor, isLongValue, maxCursorLength, resolvedPosition } from '../../engine/query/cursor';
import { buildProductModel } from '../../engine/model/productModel';
import type { SortKey } from '../../engine/query/queryPlan';

const contract = parseContract('schema/t/things.yaml', `
product: things
domain: t
owner: me
description: Test things.
freshness: { warnAfter: 1h, errorAfter: 2h }
versions:
  - version: 1
    status: current
    primaryKey: [name]
    columns:
      - { name: name, type: string }
      - { name: label, type: string }
      - { name: ratio, type: double }
`);
const model = buildProductModel(contract, contract.versions[0]!);
const keys: SortKey[] = ['label', 'ratio', 'name'].map((f, i) => ({ column: model.columns.find((c) => c.field === f)!, descending: i === 1 }));

describe('cursors', () => {
  it('stay within their bound whatever the values, and decode to the same position', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 600 }), fc.option(fc.string({ unit: 'grapheme', maxLength: 300 })),
      fc.oneof(fc.double(), fc.constant(null)), (name, label, ratio) => {
        const served = { name, label, ratio: typeof ratio === 'number' && !Number.isFinite(ratio) ? String(ratio) : ratio };
        const cursor = encodeCursor(keys, served);
        expect(cursor.length).toBeLessThanOrEqual(maxCursorLength(keys));
        // Long values come back from the snapshot: here, the row itself.
        expect(resolvedPosition(decodeCursor(keys, cursor), [label, undefined, name])).toEqual([label, ratio, name]);
      }), { numRuns: 100, seed: 3 });
  });

  it('carry a long value as a digest that only the same value resolves', () => {
    const name = `${'x'.repeat(10_000)}a`;
    const position = decodeCursor(keys, encodeCursor(keys, { name, label: null, ratio: 'NaN' }));
    expect(position[1]).toBeNaN();
    expect(isLongValue(position[2]!)).toBe(true);
    const row = compileCursorRow({ files: ['/x/part-00000.parquet'] }, keys, position);
    expect(row.sql).toContain('"label" IS NULL AND "ratio" = CAST($1 AS DOUBLE) AND starts_with("name", CAST($2 AS VARCHAR)) AND sha256("name") = CAST($3 AS VARCHAR)');
    expect(row.sql).not.toContain('xxxx');
    expect(() => resolvedPosition(position, [undefined, undefined, `${'x'.repeat(10_000)}b`])).toThrow('not in it');
    expect(resolvedPosition(position, [undefined, undefined, name])).toEqual([null, Number.NaN, name]);
  });
});
