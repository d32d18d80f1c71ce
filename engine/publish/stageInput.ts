import type { DuckDBConnection } from '@duckdb/node-api';
import type { VersionContract } from '../contract/types';
import { quoteIdent } from '../duckdb/sqlQuote';
import { checkInputRows } from './checkInputRows';
import type { LoadedInput } from './loadInput';
import { loadInput } from './loadInput';

/**
 * Loads every input file, checks every row against the contract's types, and creates `table` with the converted rows
 * sorted by primary key (the table's rowid order is the key order). The raw text tables are dropped afterwards.
 * @throws TesseraError INPUT_INVALID (unreadable input, wrong columns, or rows that do not fit).
 */
export async function stageInput(db: DuckDBConnection, version: VersionContract, inputs: string[], table: string): Promise<number> {
  const loaded: LoadedInput[] = [];
  try {
    for (const [i, file] of inputs.entries()) loaded.push(await loadInput(db, file, version, `__raw_${i}`));
    await checkInputRows(db, loaded);
    const select = (l: LoadedInput): string => l.conversions.map((c) => `${c.value} AS ${quoteIdent(c.column.name)}`).join(', ');
    const union = loaded.map((l) => `SELECT ${select(l)} FROM ${quoteIdent(l.table)}`).join(' UNION ALL ');
    const order = version.primaryKey.map(quoteIdent).join(', ');
    await db.run(`CREATE TABLE ${quoteIdent(table)} AS SELECT * FROM (${union}) ORDER BY ${order}`);
  } finally {
    for (const l of loaded) await db.run(`DROP TABLE IF EXISTS ${quoteIdent(l.table)}`);
  }
  const counted = await db.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${quoteIdent(table)}`);
  return Number(counted.getRowObjectsJson()[0]?.n ?? 0);
}
