import type { RunOptions } from '../query/executor';
import type { SubgraphContext } from './requestContext';
import type { OpenSnapshot } from './queryEngine';

/**
 * Rows a key counts for in a lookup: files are sorted by key, so DuckDB reads the key column of the one or two row
 * groups whose statistics can hold it and a vector of the other columns, not the file.
 */
export const ROWS_PER_KEY = 16;

/**
 * The estimated rows a scan of a snapshot reads (a count, an aggregate, a relation, an export): every
 * row of the files it opens, since a filter on any column but the key can match anywhere and a sort or a group
 * needs every row before its first answer.
 * @param files the local files the statement opens; the whole snapshot by default.
 */
export function scanCost(snapshot: OpenSnapshot, files: readonly string[] = snapshot.files): number {
  if (files === snapshot.files) return Math.max(1, snapshot.manifest.rowCount);
  const open = new Set(files);
  const rows = snapshot.manifest.files.reduce((sum, f, i) => sum + (open.has(snapshot.files[i] ?? '') ? f.rows : 0), 0);
  return Math.max(1, rows);
}

/** The estimated rows a lookup of `keys` keys over `files` of a snapshot reads: {@link ROWS_PER_KEY} per key, at most the files. */
export function lookupCost(snapshot: OpenSnapshot, files: readonly string[], keys: number): number {
  return Math.max(1, Math.min(scanCost(snapshot, files), keys * ROWS_PER_KEY));
}

/**
 * Rows a row of a page counts for: a page stops at its limit (DuckDB's top-N skips row groups by their statistics once
 * it holds enough candidates, and keyset positions skip the rows before them), so a page of 100 reads a few row
 * groups, not the snapshot. Q2 of the benchmark (a filtered, sorted page of 100 of 5M orders) takes ~10 ms where an
 * aggregate over them takes ~140 ms.
 */
export const ROWS_PER_PAGE_ROW = 64;

/** The estimated rows a list page of `limit` rows reads: {@link ROWS_PER_PAGE_ROW} per row, at most the snapshot. */
export function pageCost(snapshot: OpenSnapshot, limit: number): number {
  return Math.max(1, Math.min(scanCost(snapshot), limit * ROWS_PER_PAGE_ROW));
}

/**
 * How a request's statement of estimated `cost` runs: interrupted at its deadline, queued fairly among its caller's,
 * and what it read added to the request's usage.
 */
export function admissionOf(ctx: SubgraphContext, cost: number): RunOptions {
  return { signal: ctx.signal, caller: ctx.identity.subject, cost, onRead: (read) => ctx.usage.add(read) };
}
