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
