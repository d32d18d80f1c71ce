import { ErrorCode, TesseraError } from '../errors';
import type { ColumnGuard } from './planFilter';
import { planFilter } from './planFilter';
import type { ColumnModel, ProductModel } from '../model/productModel';
import { apiColumns } from '../model/productModel';
import type { FilterNode, Source } from './queryPlan';
import type { ChangeKind } from './planChanges';
import { CHANGE_KINDS, comparedColumns } from './planChanges';
import type { SnapshotChoice } from '../snapshot/snapshotChoice';

/** File formats an export can stream. */
export const EXPORT_FORMATS = {
  parquet: { contentType: 'application/vnd.apache.parquet', extension: 'parquet' },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  jsonl: { contentType: 'application/x-ndjson; charset=utf-8', extension: 'jsonl' },
  arrow: { contentType: 'application/vnd.apache.arrow.stream', extension: 'arrows' },
} as const;

/**
 * How an export names and types its columns. `graphql` (the default): the GraphQL field names (`amountCents`) and
 * the GraphQL scalars' forms (timestamps as UTC instants; in text formats, the wire forms). `contract`: the
 * contract's column names (`amount_cents`) with the types as stored (a parquet export is then a slice of the
 * snapshot itself).
 */
export type ExportNaming = 'graphql' | 'contract';

/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** A validated export: which product version, which columns, which rows, which snapshot, which format. */
export interface ExportPlan {
  model: ProductModel;
  columns: ColumnModel[];
  filter?: FilterNode;
  format: ExportFormat;
  naming: ExportNaming;
  choice: SnapshotChoice;
  /** At most this many rows, when given. */
  limit?: number;
  /** An export of a change feed instead of a snapshot (`changes: { from, to, kinds? }`). */
  changes?: ExportChanges;
}

/** What an export of a change feed reads: the rows that differ between snapshots `from` and `to`. */
export interface ExportChanges {
  from: string;
  to: string;
  kinds?: ChangeKind[];
  /** The columns whose difference makes a row CHANGED: every column the caller may read. */
  compared: ColumnModel[];
  /** The files of both snapshots, once the query engine opened them. */
  sources?: { from: Source; to: Source };
}

function bad(message: string): TesseraError {
  return new TesseraError(ErrorCode.BAD_USER_INPUT, message);
}

/**
 * Validates an export request body: `{ product: "sales.orders", version: 2, columns?: ["orderId", …], where?: {…},
 * format?: "parquet" | "csv" | "jsonl" | "arrow", naming?: "graphql" | "contract", snapshot?, asOf?, limit?,
 * changes?: { from, to, kinds? } }`; with `changes`, the rows that differ between two snapshots with a `_change` column. Columns and `where` use the GraphQL field
 * names and filter shape of the product's list field; without `columns` every column the caller may read is exported.
 * @throws TesseraError BAD_USER_INPUT, PRODUCT_NOT_FOUND, or FORBIDDEN (from `guard`) for a pii column asked for
 *   without the scope.
 */
export function planExport(models: ProductModel[], body: unknown, guard: ColumnGuard, mayRead: (c: ColumnModel) => boolean): ExportPlan {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('expected a JSON object body, got something else');
  const b = body as Record<string, unknown>;
  const known = ['product', 'version', 'columns', 'where', 'format', 'naming', 'snapshot', 'asOf', 'limit', 'changes'];
  const unknown = Object.keys(b).filter((k) => !known.includes(k));
  if (unknown.length) throw bad(`expected only ${known.join(', ')}, got ${unknown.map((k) => JSON.stringify(k)).join(', ')}`);
  if (typeof b.product !== 'string') throw bad(`product: expected "<domain>.<product>", got ${JSON.stringify(b.product)}`);
  const versions = models.filter((m) => m.qualified === b.product);
  if (!versions.length) {
    throw new TesseraError(ErrorCode.PRODUCT_NOT_FOUND, `expected one of ${[...new Set(models.map((m) => m.qualified))].join(', ')}, got "${b.product}"`);
  }
  const model = b.version === undefined ? versions.find((m) => m.version.status === 'current') : versions.find((m) => m.version.version === b.version);
  if (!model) throw bad(`version: expected one of ${versions.map((m) => m.version.version).join(', ')}, got ${JSON.stringify(b.version)}`);
  const format = (b.format ?? 'parquet') as ExportFormat;
  if (!(format in EXPORT_FORMATS)) throw bad(`format: expected one of ${Object.keys(EXPORT_FORMATS).join(', ')}, got ${JSON.stringify(b.format)}`);
  const naming = (b.naming ?? 'graphql') as ExportNaming;
  if (naming !== 'graphql' && naming !== 'contract') throw bad(`naming: expected "graphql" or "contract", got ${JSON.stringify(b.naming)}`);
  const columns = pickColumns(model, b.columns, guard, mayRead);
  const limit = b.limit;
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 0)) {
    throw bad(`limit: expected a whole number of rows, got ${JSON.stringify(limit)}`);
  }
  for (const k of ['snapshot', 'asOf'] as const) {
    if (b[k] !== undefined && b[k] !== null && typeof b[k] !== 'string') throw bad(`${k}: expected a string, got ${JSON.stringify(b[k])}`);
  }
  const changes = b.changes === undefined || b.changes === null ? undefined : planChanges(model, b.changes, mayRead);
  if (changes && (b.snapshot || b.asOf)) throw bad('changes: expected either changes or snapshot/asOf, got both');
  return {
    model, format, naming, limit: limit as number | undefined, changes,
    // A change feed always carries the primary key: without it a row cannot be applied downstream.
    columns: changes ? [...model.primaryKey.filter((k) => !columns.includes(k)), ...columns] : columns,
    filter: planFilter(model, b.where, guard),
    choice: { snapshot: b.snapshot as string | undefined, asOf: b.asOf as string | undefined },
  };
}

function planChanges(model: ProductModel, raw: unknown, mayRead: (c: ColumnModel) => boolean): ExportChanges {
  const c = raw as Record<string, unknown>;
  if (typeof raw !== 'object' || Array.isArray(raw) || typeof c.from !== 'string' || typeof c.to !== 'string' || c.from === c.to) {
    throw bad(`changes: expected { "from": "<snapshot id>", "to": "<another snapshot id>", "kinds"?: [...] }, got ${JSON.stringify(raw)}`);
  }
  const kinds = c.kinds ?? undefined;
  if (kinds !== undefined && (!Array.isArray(kinds) || !kinds.length || !kinds.every((k) => (CHANGE_KINDS as readonly unknown[]).includes(k)))) {
    throw bad(`changes.kinds: expected a non-empty list of ${CHANGE_KINDS.join(', ')}, got ${JSON.stringify(kinds)}`);
  }
  return { from: c.from, to: c.to, kinds: kinds as ChangeKind[] | undefined, compared: comparedColumns(model, mayRead) };
}

function pickColumns(model: ProductModel, raw: unknown, guard: ColumnGuard, mayRead: (c: ColumnModel) => boolean): ColumnModel[] {
  if (raw === undefined || raw === null) {
    const readable = model.columns.filter(mayRead);
    if (!readable.length) throw bad('columns: the caller may read none of this product\'s columns');
    return readable;
  }
  if (!Array.isArray(raw) || !raw.length) throw bad(`columns: expected a non-empty list of field names, got ${JSON.stringify(raw)}`);
  const byField = new Map(apiColumns(model).map((c) => [c.field, c]));
  return [...new Set(raw)].map((name) => {
    const column = typeof name === 'string' ? byField.get(name) : undefined;
    if (!column) throw bad(`columns: expected fields of ${model.typeName} (${[...byField.keys()].join(', ')}), got ${JSON.stringify(name)}`);
    guard(column, 'read');
    return column;
  });
}
