/**
 * Quotes an SQL identifier for DuckDB (`order_id` → `"order_id"`, embedded quotes doubled). Identifiers only ever come
 * from contracts, and are quoted anyway so that no name can change the meaning of a statement.
 */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a text literal for DuckDB (`it's` → `'it''s'`). Use parameters for values that come from clients. */
export function quoteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * An SQL literal for a contract value (accepted values, generator constants): strings quoted, finite numbers as
 * written, booleans as TRUE/FALSE.
 * @throws Error for a non-finite number.
 */
export function sqlLiteral(value: string | number | boolean): string {
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (!Number.isFinite(value)) throw new Error(`expected a finite number, got ${value}`);
  return String(value);
}
