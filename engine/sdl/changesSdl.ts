import type { ProductModel } from '../model/productModel';
import { columnField } from './productSdl';
import { describe } from './sdlText';

/** The change feed types of a product version: `<Type>Change`, its edge and its connection. */
export function changesSdl(model: ProductModel): string {
  const t = model.typeName;
  const fields = [
    '  "ADDED, REMOVED or CHANGED."\n  kind: ChangeKind!',
    ...model.primaryKey.map(columnField),
    `  "The row in the \`from\` snapshot (null when ADDED)."\n  before: ${t}`,
    `  "The row in the \`to\` snapshot (null when REMOVED)."\n  after: ${t}`,
  ];
  return [
    `${describe(`A row of ${t} that differs between two snapshots, by primary key. Relations of \`before\` and \`after\` resolve in the snapshots the request reads, not in \`from\` and \`to\`.`)}type ${t}Change {\n${fields.join('\n')}\n}`,
    `"A change of ${t} with its cursor."\ntype ${t}ChangeEdge {\n  cursor: String!\n  node: ${t}Change!\n}`,
    `"A page of changes of ${t}, in primary-key order."\ntype ${t}ChangeConnection {\n  nodes: [${t}Change!]!\n  edges: [${t}ChangeEdge!]!\n  pageInfo: PageInfo!\n` +
      `  "Number of changed rows (of the kinds asked for; computed only when selected)."\n  totalCount: Int!\n` +
      `  "The catalog entry of the product served."\n  dataProduct: DataProduct!\n}`,
  ].join('\n\n');
}
