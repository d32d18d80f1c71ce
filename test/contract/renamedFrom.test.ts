import { breakingChanges } from '../../engine/contract/breakingChanges';
import { ContractError } from '../../engine/contract/contractFinding';
import type { ContractFinding } from '../../engine/contract/contractFinding';
import { parseContract } from '../../engine/contract/parseContract';

/** A contract whose current version has the given column lines (after `order_id`, the key). */
function contract(columns: string[], key = 'order_id'): string {
  return `product: orders
domain: sales
owner: sales-data
description: Orders.
freshness: { warnAfter: 26h, errorAfter: 48h }
versions:
  - version: 1
    status: current
    primaryKey: [${key}]
    columns:
      - { name: order_id, type: int64 }
${columns.map((c) => `      - ${c}`).join('\n')}
`;
}

function findingsOf(text: string): ContractFinding[] {
  try {
    parseContract('sales/orders.yaml', text);
  } catch (err) {
    if (err instanceof ContractError) return err.findings;
    throw err;
  }
  return [];
}

describe('a column\'s renamedFrom in a contract', () => {
  it('is parsed', () => {
    const parsed = parseContract('sales/orders.yaml', contract(['{ name: gross_cents, type: int64, renamedFrom: amount_cents }']));
    expect(parsed.versions[0]!.columns[1]).toEqual({ name: 'gross_cents', type: 'int64', pii: false, renamedFrom: 'amount_cents', description: undefined, references: undefined });
    expect(parsed.versions[0]!.columns[0]).not.toHaveProperty('renamedFrom');
  });

  it('must name a former name: not its own, not another column of the version, not one another column took', () => {
    expect(findingsOf(contract(['{ name: gross_cents, type: int64, renamedFrom: gross_cents }'])).map((f) => f.message))
      .toEqual(['expected "renamedFrom" of column "gross_cents" to name its former name, found its own name']);
    expect(findingsOf(contract(['{ name: gross_cents, type: int64, renamedFrom: status }', '{ name: status, type: string }'])).map((f) => [f.path, f.rule, f.message]))
      .toEqual([['/versions/0/columns/1/renamedFrom', 'columns/renamed_from', 'expected "renamedFrom" of column "gross_cents" to name a column no longer in version 1, found "status", which still is']]);
    expect(findingsOf(contract(['{ name: a_cents, type: int64, renamedFrom: cents }', '{ name: b_cents, type: int64, renamedFrom: cents }'])).map((f) => f.message))
      .toEqual(['expected one column renamed from "cents", found "a_cents" and "b_cents"']);
  });

  it('is refused on a primary-key column, with the line', () => {
    const text = contract(['{ name: id, type: int64, renamedFrom: legacy_id }'], 'id');
    const findings = findingsOf(text);
    expect(findings.map((f) => f.message)).toEqual(['expected no "renamedFrom" on primary-key column "id": renaming a key changes the entity key, which needs a new major version']);
    expect(findings[0]!.line).toBe(12);
  });

  it('is a snake_case column name', () => {
    expect(findingsOf(contract(['{ name: gross_cents, type: int64, renamedFrom: "Amount Cents" }']))[0]?.rule).toBe('schema');
  });
});

describe('the breaking-change lint and renames', () => {
  const col = (name: string, type: 'int64' | 'string' = 'int64', renamedFrom?: string) => ({ name, type, pii: false, ...(renamedFrom ? { renamedFrom } : {}) });
  const published = { version: 2, primaryKey: ['id'], columns: [col('id'), col('amount_cents'), col('channel', 'string')] };
  const rules = (next: ReturnType<typeof col>[], before = published) => breakingChanges(before, { primaryKey: ['id'], columns: next }).map((c) => [c.rule, c.path]);

  it('allows a rename that names its former name, and only that form', () => {
    expect(rules([col('id'), col('gross_cents', 'int64', 'amount_cents'), col('channel', 'string')])).toEqual([]);
    const plain = breakingChanges(published, { primaryKey: ['id'], columns: [col('id'), col('gross_cents'), col('channel', 'string')] });
    expect(plain.map((c) => c.rule)).toEqual(['breaking/removed_column']);
    expect(plain[0]!.message).toContain('to rename it, give the column under its new name `renamedFrom: amount_cents`');
  });

  it('refuses a rename that changes the type', () => {
    expect(rules([col('id'), col('gross_cents', 'string', 'amount_cents'), col('channel', 'string')])).toEqual([['breaking/retyped_column', '/columns/1/type']]);
  });

  it('keeps a published rename for the rest of the major version: no second rename, no dropped alias', () => {
    const renamed = { ...published, columns: [col('id'), col('gross_cents', 'int64', 'amount_cents'), col('channel', 'string')] };
    expect(rules(renamed.columns, renamed)).toEqual([]);
    expect(rules([col('id'), col('total_cents', 'int64', 'gross_cents'), col('channel', 'string')], renamed)).toEqual([['breaking/renamed_column', '/columns/1/renamedFrom']]);
    expect(rules([col('id'), col('gross_cents'), col('channel', 'string')], renamed)).toEqual([['breaking/renamed_column', '/columns/1']]);
  });
});
