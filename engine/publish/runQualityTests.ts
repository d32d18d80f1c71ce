import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnRef, QualityTest, VersionContract } from '../contract/types';
import { quoteIdent, quoteString, sqlLiteral } from '../duckdb/sqlQuote';
import { ErrorCode, TesseraError } from '../errors';
import type { TestResult } from '../snapshot/manifest';
import { counted } from './counted';

/** Where the rows a relationships test looks up live: the local parquet files of the referenced product's snapshot. */
export interface ReferencedSnapshot {
  /** e.g. `customers.customers v1 @ 20261121T060132123Z-9f2c4a`, for messages. */
  label: string;
  files: string[];
}

/** Finds the latest committed snapshot of a referenced product, or undefined when it was never published. */
export type ReferenceResolver = (to: ColumnRef) => Promise<ReferencedSnapshot | undefined>;

/** A test's readable name: `unique(order_id)`, `relationships(customer_id → customers.customers.customer_id)`. */
export function testName(t: QualityTest): string {
  if (t.kind === 'not_empty') return 'not_empty';
  if (t.kind === 'relationships') return `relationships(${t.column} → ${t.to.domain}.${t.to.product}.${t.to.column})`;
  return `${t.kind}(${t.column})`;
}

/**
 * Runs a version's quality tests over the staged table and returns every result (a failing `warn` test is a result,
 * not an error). Offending values are sampled (up to 5) into each failure's message, except for `pii` columns: results
 * are recorded in the manifest, which the catalog shows to every caller.
 * @throws TesseraError QUALITY_TEST_FAILED listing every failing error-severity test, when there is one.
 */
export async function runQualityTests(db: DuckDBConnection, table: string, version: VersionContract,
  resolveReference: ReferenceResolver): Promise<TestResult[]> {
  const results: TestResult[] = [];
  const pii = new Set(version.columns.filter((c) => c.pii).map((c) => c.name));
  for (const test of version.tests) results.push(await runOne(db, quoteIdent(table), test, resolveReference, pii));
  const failed = results.filter((r) => r.status === 'fail' && r.severity === 'error');
  if (failed.length) {
    throw new TesseraError(ErrorCode.QUALITY_TEST_FAILED,
      `${counted(failed.length, 'quality test')} failed; nothing was committed:\n` +
      failed.map((r) => `  ${r.name}: ${r.message}`).join('\n'), { tests: results });
  }
  return results;
}

async function runOne(db: DuckDBConnection, table: string, test: QualityTest, resolve: ReferenceResolver,
  pii: Set<string>): Promise<TestResult> {
  const base = { name: testName(test), kind: test.kind, severity: test.severity };
  if (test.kind === 'not_empty') {
    const n = await count(db, `SELECT count(*) FROM ${table}`);
    return { ...base, status: n > 0 ? 'pass' : 'fail', failures: n > 0 ? 0 : 1, message: n > 0 ? undefined : 'expected at least one row, found none' };
  }
  const col = quoteIdent(test.column);
  let offending: string;
  let what: (values: string) => string;
  switch (test.kind) {
    case 'not_null':
      offending = `SELECT NULL AS v FROM ${table} WHERE ${col} IS NULL`;
      what = (values) => `null ${values}`;
      break;
    case 'unique':
      offending = `SELECT ${col} AS v FROM ${table} WHERE ${col} IS NOT NULL GROUP BY ${col} HAVING count(*) > 1`;
      what = (values) => `${values} occurring more than once`;
      break;
    case 'accepted_values':
      offending = `SELECT ${col} AS v FROM ${table} WHERE ${col} IS NOT NULL AND ${col} NOT IN (${test.values.map(sqlLiteral).join(', ')})`;
      what = (values) => `${values} outside [${test.values.join(', ')}]`;
      break;
    case 'relationships': {
      const target = await resolve(test.to);
      const ref = `${test.to.domain}.${test.to.product}.${test.to.column}`;
      if (!target) {
        return { ...base, column: test.column, status: 'fail', failures: 1, message: `expected a committed snapshot of ${test.to.domain}.${test.to.product} to check against, found none` };
      }
      const files = `[${target.files.map(quoteString).join(', ')}]`;
      offending = `SELECT DISTINCT s.${col} AS v FROM ${table} s WHERE s.${col} IS NOT NULL AND NOT EXISTS ` +
        `(SELECT 1 FROM read_parquet(${files}) p WHERE p.${quoteIdent(test.to.column)} = s.${col})`;
      what = (values) => `${values} not found in ${ref} (${target.label})`;
      break;
    }
  }
  const failures = await count(db, `SELECT count(*) FROM (${offending})`);
  if (!failures) return { ...base, column: test.column, status: 'pass', failures: 0 };
  const found = `expected none, found ${failures} ${what(failures === 1 ? 'value' : 'values')}`;
  return { ...base, column: test.column, status: 'fail', failures, message: `${found}${await examples(db, offending, test, pii)}` };
}

/** `, e.g. "a", "b"`: up to 5 offending values; nothing for not_null, and never values of a pii column. */
async function examples(db: DuckDBConnection, offending: string, test: QualityTest, pii: Set<string>): Promise<string> {
  if (test.kind === 'not_null' || test.kind === 'not_empty') return '';
  if (pii.has(test.column)) return ' (values withheld: pii column)';
  const sample = await db.runAndReadAll(`SELECT CAST(v AS VARCHAR) AS v FROM (${offending}) ORDER BY v LIMIT 5`);
  return `, e.g. ${sample.getRowObjectsJson().map((r) => (r.v === null ? 'null' : JSON.stringify(r.v))).join(', ')}`;
}

async function count(db: DuckDBConnection, sql: string): Promise<number> {
  const reader = await db.runAndReadAll(`SELECT (${sql})::BIGINT AS n`);
  return Number(reader.getRowObjectsJson()[0]?.n ?? 0);
}
