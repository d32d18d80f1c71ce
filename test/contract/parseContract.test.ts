import { parseContract } from '../../engine/contract/parseContract';
import { ContractError } from '../../engine/contract/contractFinding';
import { loadContracts } from '../../engine/contract/loadContracts';

const valid = `product: orders
domain: sales
owner: sales-data
description: Orders.
freshness: { warnAfter: 26h, errorAfter: 48h }
versions:
  - version: 1
    status: current
    primaryKey: [order_id]
    columns:
      - { name: order_id, type: int64, tests: [unique] }
      - { name: total, type: "decimal(10,2)" }
`;

function findingsOf(text: string): ContractError['findings'] {
  try {
    parseContract('x.yaml', text);
  } catch (err) {
    if (err instanceof ContractError) return err.findings;
    throw err;
  }
  throw new Error('expected the contract to be rejected');
}

describe('parseContract', () => {
  it('normalises a valid contract', () => {
    const c = parseContract('x.yaml', valid);
    expect(c.entity).toBe('Order');
    expect(c.freshness.warnAfterMs).toBe(26 * 3600_000);
    expect(c.versions[0]!.tests).toEqual([{ kind: 'unique', column: 'order_id', severity: 'error' }]);
    expect(c.versions[0]!.columns[1]!.type).toBe('decimal(10,2)');
  });

  it('names file, line, path, expectation and what was found for a bad type', () => {
    const [f, ...rest] = findingsOf(valid.replace('type: int64', 'type: integer'));
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({ file: 'x.yaml', line: 11, path: '/versions/0/columns/0/type', rule: 'schema' });
    expect(f!.message).toContain('found "integer"');
  });

  it('reports a missing required field', () => {
    const findings = findingsOf(valid.replace('owner: sales-data\n', ''));
    expect(findings.map((f) => f.message).join()).toMatch(/owner/);
  });

  it('requires sunset and reason on a deprecated version', () => {
    const findings = findingsOf(valid.replace('status: current', 'status: deprecated'));
    const text = findings.map((f) => f.message).join('\n');
    expect(text).toMatch(/sunset/);
    expect(text).toMatch(/deprecationReason/);
  });

  it('rejects a primary key naming no column', () => {
    const findings = findingsOf(valid.replace('primaryKey: [order_id]', 'primaryKey: [id]'));
    expect(findings).toEqual([expect.objectContaining({ rule: 'primaryKey/column', path: '/versions/0/primaryKey/0', line: 9 })]);
  });

  it('reports YAML syntax errors with a line', () => {
    const findings = findingsOf('product: [unclosed\n');
    expect(findings[0]).toMatchObject({ rule: 'yaml', line: expect.any(Number) });
  });

  it('loads the sample domains', async () => {
    const contracts = await loadContracts('schema');
    expect(contracts.map((c) => `${c.domain}.${c.product}`)).toEqual([
      'customers.customers', 'merchandising.products', 'sales.customer_values', 'sales.order_lines', 'sales.orders',
    ]);
  });
});

describe('column types', () => {
  const typed = (type: string): string => valid.replace('type: "decimal(10,2)"', `type: "${type}"`);

  it.each(['decimal(1,0)', 'decimal(38,0)', 'decimal(38,38)', 'decimal(18,4)', 'decimal(9,9)'])('accepts %s, which DuckDB can create', (type) => {
    expect(parseContract('x.yaml', typed(type)).versions[0]!.columns[1]!.type).toBe(type);
  });

  it.each([
    'decimal(39,2)', 'decimal(99,0)', 'decimal(0,0)', 'decimal(5,6)', 'decimal(38,39)', 'decimal(10,-2)', 'decimal(-1,0)',
    'decimal(05,2)', 'decimal(10, 2)', 'decimal(10)', 'decimal', 'DECIMAL(10,2)', 'float', 'int128',
  ])('refuses %s with the file, line, path, what is expected and what was found', (type) => {
    const findings = findingsOf(typed(type));
    expect(findings).toEqual([expect.objectContaining({ file: 'x.yaml', line: 12, path: '/versions/0/columns/1/type', rule: 'schema' })]);
    expect(findings[0]!.message).toMatch(/^expected a type among string, int32, int64, double, boolean, date, timestamp and decimal\(p,s\) with precision p from 1 to 38 and scale s from 0 to p/);
    expect(findings[0]!.message).toContain(`found "${type}"`);
  });
});

describe('every unusable type at once', () => {
  it('lists a scale over the precision alongside the schema\'s own findings', () => {
    const text = valid.replace('type: "decimal(10,2)"', 'type: "decimal(39,2)"').replace('type: int64, tests', 'type: "decimal(5,6)", tests');
    const findings = findingsOf(text).sort((a, b) => a.path.localeCompare(b.path));
    expect(findings.map((f) => f.path)).toEqual(['/versions/0/columns/0/type', '/versions/0/columns/1/type']);
    expect(findings[0]!.message).toMatch(/\(scale 6 is over precision 5\), found "decimal\(5,6\)"$/);
    expect(findings[1]!.message).toMatch(/, found "decimal\(39,2\)"$/);
  });
});
