import type { DuckDBConnection } from '@duckdb/node-api';
import type { BuildLineage } from './buildLineage';
import { extractLineage } from './extractLineage';
import type { InputSchemas } from './inputSchemas';
import { serializeSql } from './serializeSql';
import type { AstNode } from './sqlAst';

/** A build's lineage and the parse tree it came from (absent when the SQL did not parse as one SELECT). */
export type SqlLineage = BuildLineage & { statement?: AstNode };

/**
 * Parses a build's SQL with DuckDB's parser on `db` and extracts its lineage against the input schemas. A SQL text
 * that does not parse, or is not one SELECT, gives no inputs or columns and one problem saying why.
 */
export async function lineageOfSql(db: DuckDBConnection, sql: string, schemas: InputSchemas): Promise<SqlLineage> {
  const parsed = await serializeSql(db, sql);
  if (!parsed.ok) return { inputs: [], columns: [], filters: [], problems: [{ message: parsed.message, position: parsed.position }] };
  return { ...extractLineage(parsed.statement, schemas), statement: parsed.statement };
}
