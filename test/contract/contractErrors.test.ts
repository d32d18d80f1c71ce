import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContractError } from '../../engine/contract/contractFinding';
import type { ContractFinding } from '../../engine/contract/contractFinding';
import { loadContracts } from '../../engine/contract/loadContracts';
import { parseContract } from '../../engine/contract/parseContract';

const VALID = `product: orders
domain: sales
owner: sales-data
description: Orders.
freshness: { warnAfter: 26h, errorAfter: 48h }
versions:
  - version: 2
    status: current
    primaryKey: [order_id]
    columns:
      - { name: order_id, type: int64, tests: [unique] }
      - { name: customer_id, type: string }
  - version: 1
    status: deprecated
    sunset: 2027-03-01
    deprecationReason: replaced by v2
    primaryKey: [order_id]
    columns:
      - { name: order_id, type: int64 }
`;

function findingsOf(text: string): ContractFinding[] {
  try {
    parseContract('sales/orders.yaml', text);
  } catch (err) {
    if (err instanceof ContractError) return err.findings;
    throw err;
  }
  throw new Error('expected the contract to be rejected');
}

describe('contract errors', () => {
  it.each([
    ['versions/current', 'status: deprecated\n    sunset', 'status: current\n    sunset', /expected exactly one version with status "current", found 2/],
    ['versions/unique', '- version: 1', '- version: 2', /expected unique version numbers, found 2 twice/],
    ['columns/unique', '{ name: customer_id, type: string }', '{ name: order_id, type: string }', /expected unique column names, found "order_id" twice/],
    ['freshness', 'warnAfter: 26h, errorAfter: 48h', 'warnAfter: 3d, errorAfter: 48h', /expected warnAfter \(3d\) to be no longer than errorAfter \(48h\)/],
    ['tests/relationships', 'tests: [unique]', 'tests: [relationships]', /expected column "order_id" to have "references"/],
    ['schema', 'type: string }', 'type: text }', /found "text"/],
    ['schema', 'warnAfter: 26h', 'warnAfter: soon', /found "soon"/],
  ])('reports %s', (rule, from, to, message) => {
    const findings = findingsOf(VALID.replace(from, to));
    expect(findings.map((f) => f.rule)).toContain(rule);
    const finding = findings.find((f) => f.rule === rule)!;
    expect(finding.message).toMatch(message);
    expect(finding).toMatchObject({ file: 'sales/orders.yaml', line: expect.any(Number) });
  });

  it('reports a reference that is not <domain>.<product>.<column>', () => {
    const findings = findingsOf(VALID.replace('{ name: customer_id, type: string }', '{ name: customer_id, type: string, references: customers }'));
    expect(findings).toEqual([expect.objectContaining({ rule: 'schema', path: '/versions/0/columns/1/references', line: 12 })]);
  });

  it('rejects a contract whose domain differs from its folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tessera-schema-'));
    await mkdir(join(dir, 'shop'));
    await writeFile(join(dir, 'shop', 'orders.yaml'), VALID);
    await expect(loadContracts(dir)).rejects.toMatchObject({ findings: [expect.objectContaining({ rule: 'domain/folder', path: '/domain' })] });
  });
});
