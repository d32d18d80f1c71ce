import { parseContract } from '../../engine/contract/parseContract';
import { placeInColumn } from '../../engine/query/columnDomain';
import { buildProductModel } from '../../engine/query/productModel';

const contract = parseContract('schema/t/edges.yaml', `
product: edges
domain: t
owner: me
description: Test edges.
freshness: { warnAfter: 1h, errorAfter: 2h }
versions:
  - version: 1
    status: current
    primaryKey: [id]
    columns:
      - { name: id, type: int64 }
      - { name: price, type: "decimal(10,2)" }
      - { name: whole, type: "decimal(38,0)" }
      - { name: at, type: timestamp }
      - { name: label, type: string }
`);
const model = buildProductModel(contract, contract.versions[0]!);
const col = (f: string) => model.columns.find((c) => c.field === f)!;

describe('placing a value in a column\'s domain', () => {
  it('places values in decimal and timestamp domains', () => {
    expect(placeInColumn(col('price'), '99999999.995')).toEqual({ below: '99999999.99', above: undefined });
    expect(placeInColumn(col('price'), '-99999999.995')).toEqual({ below: undefined, above: '-99999999.99' });
    expect(placeInColumn(col('price'), '100000000')).toEqual({ below: '99999999.99', above: undefined });
    expect(placeInColumn(col('price'), '0.001')).toEqual({ below: '0.00', above: '0.01' });
    expect(placeInColumn(col('whole'), '0.5')).toEqual({ below: '0', above: '1' });
    expect(placeInColumn(col('at'), '1969-12-31 23:59:59.9999995')).toEqual({ below: '1969-12-31 23:59:59.999999', above: '1970-01-01 00:00:00.000000' });
    expect(placeInColumn(col('label'), 'x')).toEqual({ exact: 'x' });
  });
});
