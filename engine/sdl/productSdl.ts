import type { ColumnModel, ProductModel } from '../model/productModel';
import { aliasReason, apiColumns } from '../model/productModel';
import { filterInputName } from './commonSdl';
import type { ReferenceModel } from '../model/relations';
import { deprecated, describe } from './sdlText';
import { deprecationReason, typeDescription } from './versionNotes';

/** The description of a column's field: its doc, its column name, and the pii note. */
export function fieldDescription(c: ColumnModel): string {
  const doc = c.description ? `${c.description} ` : '';
  const pii = c.pii ? ' Personal data: resolves only for callers with the pii scope.' : '';
  const former = c.alias ? ` Former name of \`${c.alias.renamedTo}\`, kept within this major version.` : '';
  return `${doc}(column \`${c.name}\`${c.alias ? `, formerly \`${c.alias.formerName}\`` : ''})${pii}${former}`;
}

/** `customerId: String!` with its description, for entity types and stubs; an alias is `@deprecated`. */
export function columnField(c: ColumnModel): string {
  return `${describe(fieldDescription(c), '  ')}  ${c.field}: ${c.scalar}${c.key ? '!' : ''}${deprecated(aliasReason(c))}`;
}

/** `@key(fields: "orderId lineId")`. */
export function keyDirective(model: ProductModel, resolvable = true): string {
  const fields = model.primaryKey.map((k) => k.field).join(' ');
  return `@key(fields: ${JSON.stringify(fields)}${resolvable ? '' : ', resolvable: false'})`;
}

/** An argument list of a field, one argument per line. */
export function argList(args: string[]): string {
  return `(\n${args.map((a) => `    ${a}`).join('\n')}\n  )`;
}

/** The arguments of a list field or reverse relation. */
export function listArgs(model: ProductModel, withSnapshot: boolean): string {
  const args = [`where: ${model.typeName}Filter`, `orderBy: [${model.typeName}OrderBy!]`,
    '"Page size; default TESSERA_DEFAULT_PAGE_SIZE, at most TESSERA_MAX_PAGE_SIZE." first: Int', '"Cursor of the row to start after." after: String'];
  if (withSnapshot) args.push(...snapshotArgs());
  return argList(args);
}

/** `snapshot` and `asOf` arguments. */
export function snapshotArgs(): string[] {
  return ['"Exact snapshot id; default the latest committed one." snapshot: String',
    '"Read the snapshot in force at this time." asOf: DateTime'];
}

/** A reverse relation field (`ordersV2(...)`) on the referenced entity. */
export function reverseField(ref: ReferenceModel): string {
  const doc = `The rows of \`${ref.from.qualified}\` v${ref.from.version.version} whose \`${ref.column.name}\` references this entity (null with an error when it cannot be served).`;
  return `${describe(doc, '  ')}  ${ref.reverseField}${listArgs(ref.from, false)}: ${ref.from.typeName}Connection${deprecated(deprecationReason(ref.from))}`;
}

/**
 * The entity type of a product version with its forward references and the reverse relations this subgraph adds,
 * plus its edge, connection, filter, order and field enum types.
 */
export function productSdl(model: ProductModel, forward: ReferenceModel[], reverse: ReferenceModel[]): string {
  const t = model.typeName;
  const columns = apiColumns(model);
  const fields = columns.map(columnField);
  for (const r of forward) {
    const doc = `The \`${r.target.qualified}\` entity \`${r.column.name}\` references (null when the key is null or unknown).`;
    fields.push(`${describe(doc, '  ')}  ${r.field}: ${r.target.typeName}`);
  }
  fields.push(...reverse.map(reverseField));
  const filters = columns.map((c) => `  ${c.field}: ${filterInputName(c.scalar)}${deprecated(aliasReason(c))}`);
  return [
    `${describe(typeDescription(model))}type ${t} ${keyDirective(model)} {\n${fields.join('\n')}\n}`,
    `"A row of ${t} with its cursor."\ntype ${t}Edge {\n  cursor: String!\n  node: ${t}!\n}`,
    `"A page of ${t} rows."\ntype ${t}Connection {\n  nodes: [${t}!]!\n  edges: [${t}Edge!]!\n  pageInfo: PageInfo!\n` +
      `  "Number of rows matching the filter (computed only when selected)."\n  totalCount: Int!\n` +
      `  "The catalog entry of the product served."\n  dataProduct: DataProduct!\n}`,
    `"Filter on ${t}: every given field condition must hold."\ninput ${t}Filter {\n${filters.join('\n')}\n` +
      `  and: [${t}Filter!]\n  or: [${t}Filter!]\n  not: ${t}Filter\n}`,
    `"Columns of ${t}, for sorting."\nenum ${t}Field {\n${columns.map((c) => `  ${c.enumValue}${deprecated(aliasReason(c))}`).join('\n')}\n}`,
    `"One sort key; the primary key is always appended as the final tie-breaker."\ninput ${t}OrderBy {\n  field: ${t}Field!\n  direction: SortDirection = ASC\n}`,
  ].join('\n\n');
}
