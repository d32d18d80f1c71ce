import fc from 'fast-check';
import { parseContract } from '../../engine/contract/parseContract';
import { compileAggregate } from '../../engine/duckdb/compileAggregate';
import { compileList } from '../../engine/duckdb/compileList';
import { compileLookup } from '../../engine/duckdb/compileLookup';
import { compileRelation } from '../../engine/duckdb/compileRelation';
import { decodeCursor, encodeCursor, resolvedPosition } from '../../engine/query/cursor';
import { planAggregate } from '../../engine/query/planAggregate';
import { planFilter } from '../../engine/query/planFilter';
import { listPlan, planPage } from '../../engine/query/planList';
import { buildProductModel } from '../../engine/model/productModel';
import { parseDateTime, parseLong } from '../../engine/query/scalarValue';
import { isTesseraError } from '../../engine/errors';

const contract = parseContract('schema/t/items.yaml', `
product: items
domain: t
owner: me
description: Test items.
freshness: { warnAfter: 1h, errorAfter: 2h }
versions:
  - version: 1
    status: current
    primaryKey: [item_id]
    columns:
      - { name: item_id, type: int64 }
      - { name: label, type: string }
      - { name: secret, type: string, pii: true }
      - { name: price, type: "decimal(10,2)" }
      - { name: made_at, type: timestamp }
`);
const model = buildProductModel(contract, contract.versions[0]!);
const col = (f: string) => model.columns.find((c) => c.field === f)!;
const allow = (): void => undefined;
const source = { files: ["/data/t/items/v1/20260101T000000000Z-aaaaaa/part-00000.parquet"] };
const limits = { defaultPageSize: 10, maxPageSize: 50 };

describe('SQL generation (pure)', () => {
  it('reads only the selected columns plus key and sort columns', () => {
    const page = planPage(model, { orderBy: [{ field: 'MADE_AT', direction: 'DESC' }], first: 5 }, [col('label')], allow, limits);
    const { sql, params } = compileList(listPlan(page, source, undefined));
    expect(sql).toBe('SELECT "item_id" AS "itemId", "label" AS "label", strftime("made_at", \'%Y-%m-%dT%H:%M:%S.%fZ\') AS "madeAt" ' +
      `FROM read_parquet(['${source.files[0]}']) ORDER BY "made_at" DESC NULLS FIRST, "item_id" ASC NULLS LAST LIMIT 6`);
    expect(sql).not.toContain('secret');
    expect(sql).not.toContain('price');
    expect(params).toEqual([]);
  });

  it('puts filter values and cursor values in parameters, cast to the column type', () => {
    const after = encodeCursor([{ column: col('label'), descending: false }, { column: col('itemId'), descending: false }], { label: "o'k", itemId: '9007199254740993' });
    const where = { label: { in: ["a'b", 'c'] }, not: { price: { gte: '1.50' } }, madeAt: { lt: '2026-01-01T01:00:00+01:00' } };
    const page = planPage(model, { where, orderBy: [{ field: 'LABEL' }], after, first: 3 }, [], allow, limits);
    const { sql, params } = compileList(listPlan(page, source, resolvedPosition(page.after!, [])));
    expect(sql).toContain('("label" IN (CAST($1 AS VARCHAR), CAST($2 AS VARCHAR)))');
    expect(sql).toContain('(NOT coalesce(("price" >= CAST($3 AS DECIMAL(10,2))), FALSE))');
    expect(sql).toContain('("made_at" < CAST($4 AS TIMESTAMP))');
    expect(sql).toContain('((("label" > CAST($5 AS VARCHAR) OR "label" IS NULL)) OR ("label" = CAST($7 AS VARCHAR) AND "item_id" > CAST($6 AS BIGINT)))');
    expect(params).toEqual(["a'b", 'c', '1.50', '2026-01-01 00:00:00.000000', "o'k", '9007199254740993', "o'k"]);
  });

  it('batches lookups and relations into one statement', () => {
    const lookup = compileLookup({ source, columns: [col('itemId'), col('label')], key: [col('itemId')], keys: [['1'], ['2'], ['3']] });
    expect(lookup.sql).toContain('WHERE "item_id" IN (CAST($1 AS BIGINT), CAST($2 AS BIGINT), CAST($3 AS BIGINT))');
    const page = planPage(model, { first: 2 }, [col('label')], allow, limits);
    const rel = compileRelation({ source, columns: page.columns, foreignKey: col('label'), parents: ['x', 'y'], orderBy: page.orderBy, limit: 3 });
    expect(rel.sql).toContain('row_number() OVER (PARTITION BY "label" ORDER BY "item_id" ASC NULLS LAST) AS "__rn"');
    expect(rel.sql).toContain('WHERE "__rn" <= 3');
    expect(rel.params).toEqual(['x', 'y']);
  });

  it('groups by date grains and computes only the asked aggregates', () => {
    const plan = planAggregate(model, { groupBy: ['MADE_AT_MONTH'], selections: { sum: ['price'], countDistinct: ['label'] } }, allow, source, 50);
    const { sql } = compileAggregate(plan);
    expect(sql).toContain(`GROUP BY CAST(date_trunc('month', "made_at") AS TIMESTAMP)`);
    expect(sql).toContain('sum("price") AS "sum_price"');
    expect(sql).toContain('count(DISTINCT "label") AS "countDistinct_label"');
    expect(sql).not.toContain('avg(');
  });

  it('never lets any string reach the SQL text through filters, cursors or order', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (value, cursor) => {
      const where = { label: { eq: value, like: value, startsWith: value, in: [value], notIn: [value] }, or: [{ label: { ne: value } }] };
      const page = planPage(model, { where, first: 1 }, [], allow, limits);
      const { sql, params } = compileList(listPlan(page, source, undefined));
      if (value.length > 2) expect(sql).not.toContain(value);
      expect(params.filter((p) => p === value)).toHaveLength(6);
      for (const attempt of [() => planPage(model, { after: cursor }, [], allow, limits), () => planPage(model, { orderBy: [{ field: value }] }, [], allow, limits)]) {
        try {
          attempt();
        } catch (err) {
          expect(isTesseraError(err, 'BAD_USER_INPUT')).toBe(true);
        }
      }
    }), { numRuns: 200 });
  });

  it('refuses unknown fields, wrong types, nulls and pii columns without the scope', () => {
    const codeOf = (f: () => unknown): string | undefined => {
      try { f(); } catch (err) { return isTesseraError(err) ? err.code : 'other'; }
      return undefined;
    };
    const forbid = (c: { pii: boolean }): void => { if (c.pii) throw Object.assign(new Error('x')); };
    expect(codeOf(() => planFilter(model, { nope: { eq: 1 } }, allow))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => planFilter(model, { itemId: { eq: '12a' } }, allow))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => planFilter(model, { label: { eq: null } }, allow))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => planFilter(model, { price: { like: '1%' } }, allow))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => planFilter(model, { secret: { eq: 'x' } }, forbid))).toBe('other');
    expect(codeOf(() => planPage(model, { first: 51 }, [], allow, limits))).toBe('PAGE_SIZE_EXCEEDED');
    expect(codeOf(() => planPage(model, { first: -1 }, [], allow, limits))).toBe('BAD_USER_INPUT');
  });

  it('round-trips cursors and refuses one made under another order', () => {
    const keys = [{ column: col('madeAt'), descending: true }, { column: col('itemId'), descending: false }];
    const c = encodeCursor(keys, { madeAt: '2026-01-01T00:00:00.123456Z', itemId: '-9223372036854775808' });
    expect(decodeCursor(keys, c)).toEqual(['2026-01-01 00:00:00.123456', '-9223372036854775808']);
    expect(() => decodeCursor([keys[1]!], c)).toThrow('orderBy');
  });

  it('keeps int64 and timestamps exact', () => {
    expect(parseLong('9223372036854775807')).toBe('9223372036854775807');
    expect(() => parseLong('9223372036854775808')).toThrow('64-bit');
    expect(() => parseLong(2 ** 53 + 2)).toThrow();
    expect(parseDateTime('2026-11-21T07:01:32.1234567+01:00')).toBe('2026-11-21 06:01:32.1234567');
  });
});
