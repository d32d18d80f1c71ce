/** Logical column types a contract may use; `decimal(p,s)` carries precision and scale. */
export type LogicalType =
  | 'string'
  | 'int32'
  | 'int64'
  | 'double'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | `decimal(${number},${number})`;

/** How bad a failed quality test is: `error` aborts a publish, `warn` is recorded in the manifest. */
export type Severity = 'error' | 'warn';

/** A quality test, normalised from the contract's short (`unique`) or long (`{ unique: { severity } }`) form. */
export type QualityTest =
  | { kind: 'unique'; column: string; severity: Severity }
  | { kind: 'not_null'; column: string; severity: Severity }
  | { kind: 'accepted_values'; column: string; values: (string | number | boolean)[]; severity: Severity }
  | { kind: 'relationships'; column: string; to: ColumnRef; severity: Severity }
  | { kind: 'not_empty'; severity: Severity };

/** A reference to a column of another product: `<domain>.<product>.<column>`. */
export interface ColumnRef {
  domain: string;
  product: string;
  column: string;
}

/** One column of one major version. */
export interface ColumnContract {
  name: string;
  type: LogicalType;
  description?: string;
  /** Personally identifiable: only callers with the pii scope may read it. */
  pii: boolean;
  references?: ColumnRef;
  /**
   * The column's former name within this major version: snapshots published before the rename hold it under that
   * name, and the API keeps its former field as a deprecated alias (docs/publishing.md, "Renaming a column").
   */
  renamedFrom?: string;
}

/** One major version of a product, as served side by side with the others until retired. */
export interface VersionContract {
  version: number;
  status: 'current' | 'deprecated' | 'retired';
  /** ISO date after which a deprecated version is retired. */
  sunset?: string;
  /** ISO date the version was (or will be) deprecated: the date of the `Deprecation` response header. */
  deprecatedAt?: string;
  deprecationReason?: string;
  primaryKey: string[];
  columns: ColumnContract[];
  tests: QualityTest[];
}

/** Medallion layer of a product: bronze (raw, as landed), silver (cleaned, conformed), gold (business-level). */
export type Layer = 'bronze' | 'silver' | 'gold';

/** The layers from lowest to highest: a product may read its own layer and those below it. */
export const LAYERS: readonly Layer[] = ['bronze', 'silver', 'gold'];

/** How a product built from other products is built: a DuckDB SELECT in a file beside the contract. */
export interface BuildStep {
  /** The SQL file's name, relative to the contract's folder, e.g. `daily_revenue.sql`. */
  sql: string;
  /** The file's path, relative to the working directory like `ProductContract.file`. */
  path: string;
  /** The file's text: read by loadContracts and {@link loadBuildSql}; absent on a contract parsed from text alone. */
  text?: string;
}

/** A data product contract, one YAML file in `schema/<domain>/<product>.yaml`. */
export interface ProductContract {
  product: string;
  domain: string;
  /** The GraphQL entity name (singular, PascalCase) without the version suffix. */
  entity: string;
  /** Owner handle, listed in `schema/owners.yaml`. */
  owner: string;
  /** Owner handles of consuming teams told of the product's events. @default none */
  subscribers: string[];
  /** What to do when the product is late or failing, a URL. */
  runbook?: string;
  description: string;
  freshness: { warnAfterMs: number; errorAfterMs: number; warnAfter: string; errorAfter: string };
  lineage: { upstream: string[] };
  /** Medallion layer, when the contract declares one. */
  layer?: Layer;
  /** Present when the product is built from SQL over other products rather than published from input files. */
  build?: BuildStep;
  versions: VersionContract[];
  /** Path of the YAML file the contract came from, for messages. */
  file: string;
}

/** The version a publish writes when none is given: the one whose status is `current`. */
export function currentVersion(contract: ProductContract): VersionContract {
  const current = contract.versions.find((v) => v.status === 'current');
  if (!current) throw new Error(`${contract.file}: no version has status "current"`);
  return current;
}

/** The version numbered `n`, or undefined. */
export function findVersion(contract: ProductContract, n: number): VersionContract | undefined {
  return contract.versions.find((v) => v.version === n);
}

/** `<domain>.<product>`, the name a product goes by in CLIs, lineage and messages. */
export function qualifiedName(contract: Pick<ProductContract, 'domain' | 'product'>): string {
  return `${contract.domain}.${contract.product}`;
}
