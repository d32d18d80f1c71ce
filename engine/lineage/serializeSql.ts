import type { DuckDBConnection } from '@duckdb/node-api';
import type { AstNode } from './sqlAst';
import { children, isNode } from './sqlAst';

/** A build's SQL as DuckDB's parser sees it: the one SELECT statement's query node, or why it is not one. */
export type SerializedSql =
  | { ok: true; statement: AstNode }
  | { ok: false; message: string; position?: number };

/**
 * Parses SQL with DuckDB's own parser (`json_serialize_sql`), without binding it to any table: the parse tree says
 * which products and columns the query names however it is written. A build is exactly one SELECT statement
 * (`WITH …`, `FROM … SELECT …` and set operations included); anything else is refused.
 */
export async function serializeSql(db: DuckDBConnection, sql: string): Promise<SerializedSql> {
  const reader = await db.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS tree', [sql]);
  const raw = reader.getRowObjectsJson()[0]?.tree;
  const tree: unknown = JSON.parse(String(raw));
  if (!isNode(tree)) return { ok: false, message: 'expected DuckDB to parse the SQL, found no parse tree' };
  if (tree.error === true) {
    const message = String(tree.error_message ?? 'the SQL does not parse');
    const at = Number(tree.position);
    if (/Only SELECT statements/.test(message)) return { ok: false, message: 'expected one SELECT statement, found another kind of statement' };
    return { ok: false, message: `expected SQL DuckDB can parse, found: ${message}`, position: Number.isFinite(at) ? at : undefined };
  }
  const statements = children(tree, 'statements');
  if (statements.length !== 1) return { ok: false, message: `expected one SELECT statement, found ${statements.length}` };
  return { ok: true, statement: statements[0]! };
}
