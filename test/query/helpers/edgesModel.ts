import { parseContract } from '../../../engine/contract/parseContract';
import type { ColumnModel } from '../../../engine/model/productModel';
import { buildProductModel } from '../../../engine/model/productModel';

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
      - { name: ratio, type: double }
      - { name: label, type: string }
`);

/** A product model with a column of each type whose domain is narrower than its scalar's, for literal planning tests. */
export const edgesModel = buildProductModel(contract, contract.versions[0]!);

/** The column of {@link edgesModel} behind a GraphQL field. */
export function edgesColumn(field: string): ColumnModel {
  return edgesModel.columns.find((c) => c.field === field)!;
}
