import type { ColumnContract, LogicalType, ProductContract, VersionContract } from '../contract/types';
import { qualifiedName } from '../contract/types';

/** The GraphQL scalar a logical column type is served as. */
export type ScalarName = 'String' | 'Int' | 'Long' | 'Float' | 'Decimal' | 'Boolean' | 'Date' | 'DateTime';

/** One column of a product version, with its GraphQL names. */
export interface ColumnModel {
  /** Column name in the contract and the parquet files (`amount_cents`). */
  name: string;
  /** GraphQL field name (`amountCents`). */
  field: string;
  /** Enum value in `<Type>Field` / `<Type>GroupBy` (`AMOUNT_CENTS`). */
  enumValue: string;
  type: LogicalType;
  scalar: ScalarName;
  pii: boolean;
  description?: string;
  /** Part of the primary key. */
  key: boolean;
  /**
   * Set on the deprecated alias of a renamed column (the contract's `renamedFrom`): the column's former name and the
   * field it was renamed to. The alias reads the column `name`, under its former field and enum value.
   */
  alias?: { formerName: string; renamedTo: string };
}

/** One major version of one product, as the query layer and the schema generator see it. */
export interface ProductModel {
  contract: ProductContract;
  version: VersionContract;
  /** `<domain>.<product>` */
  qualified: string;
  /** `OrderV2` */
  typeName: string;
  /** `ordersV2` */
  listField: string;
  /** `orderV2` */
  lookupField: string;
  /** `ordersV2Aggregate` */
  aggregateField: string;
  /** `ordersV2Changes`: the change feed between two snapshots. */
  changesField: string;
  columns: ColumnModel[];
  /**
   * The deprecated aliases of renamed columns, one per column with `renamedFrom`: served, filtered, sorted and
   * grouped like their column under the former field name. Not in `columns`, which are the columns themselves.
   */
  aliases: ColumnModel[];
  /** Primary key columns, in key order. */
  primaryKey: ColumnModel[];
}

/** The columns and the aliases of renamed columns: every column field the API serves for the version. */
export function apiColumns(model: Pick<ProductModel, 'columns' | 'aliases'>): ColumnModel[] {
  return model.aliases.length ? [...model.columns, ...model.aliases] : model.columns;
}

/** The `@deprecated` reason of an alias: `renamed to <field>`. */
export function aliasReason(column: ColumnModel): string | undefined {
  return column.alias ? `renamed to ${column.alias.renamedTo}` : undefined;
}

/** `amount_cents` → `amountCents`. */
export function camelCase(snake: string): string {
  return snake.replace(/_+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** `order_lines` → `orderLines`, `OrderLine` → `orderLine`. */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The GraphQL scalar of a logical type. */
export function scalarOf(type: LogicalType): ScalarName {
  switch (type) {
    case 'string': return 'String';
    case 'int32': return 'Int';
    case 'int64': return 'Long';
    case 'double': return 'Float';
    case 'boolean': return 'Boolean';
    case 'date': return 'Date';
    case 'timestamp': return 'DateTime';
    default: return 'Decimal';
  }
}

function columnModel(c: ColumnContract, keys: string[]): ColumnModel {
  return {
    name: c.name, field: camelCase(c.name), enumValue: c.name.toUpperCase(), type: c.type, scalar: scalarOf(c.type),
    pii: c.pii, description: c.description, key: keys.includes(c.name),
  };
}

/** The alias of a renamed column under its former name. */
function aliasModel(column: ColumnModel, formerName: string): ColumnModel {
  return { ...column, field: camelCase(formerName), enumValue: formerName.toUpperCase(), key: false, alias: { formerName, renamedTo: column.field } };
}

/** Builds the model of one product version: names follow docs/graphql-api.md. */
export function buildProductModel(contract: ProductContract, version: VersionContract): ProductModel {
  const v = `V${version.version}`;
  const columns = version.columns.map((c) => columnModel(c, version.primaryKey));
  const byName = new Map(columns.map((c) => [c.name, c]));
  const aliases = version.columns.flatMap((c) => (c.renamedFrom ? [aliasModel(byName.get(c.name)!, c.renamedFrom)] : []));
  return {
    contract, version, qualified: qualifiedName(contract),
    typeName: `${contract.entity}${v}`,
    listField: `${camelCase(contract.product)}${v}`,
    lookupField: `${lowerFirst(contract.entity)}${v}`,
    aggregateField: `${camelCase(contract.product)}${v}Aggregate`,
    changesField: `${camelCase(contract.product)}${v}Changes`,
    columns,
    aliases,
    primaryKey: version.primaryKey.map((k) => byName.get(k)!),
  };
}

/** The models of every version of every contract, in contract order and newest version first. */
export function buildProductModels(contracts: ProductContract[]): ProductModel[] {
  return contracts.flatMap((c) => [...c.versions].sort((a, b) => b.version - a.version).map((v) => buildProductModel(c, v)));
}

/** The model of the version a reference to `<domain>.<product>` resolves to: its current version. */
export function currentModel(models: ProductModel[], domain: string, product: string): ProductModel | undefined {
  return models.find((m) => m.contract.domain === domain && m.contract.product === product && m.version.status === 'current');
}
