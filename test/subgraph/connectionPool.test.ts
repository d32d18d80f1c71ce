import { ErrorCode, TesseraError } from '../../engine/errors';
import { ConnectionPool } from '../../engine/duckdb/connectionPool';

// A statement that runs for minutes unless interrupted.
const SLOW = { sql: 'SELECT count(*) AS n FROM range(1000000000000) a WHERE a.range % 7 = CAST($1 AS BIGINT)', params: ['3'] };

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    return err instanceof TesseraError ? err.code : String(err);
  }
  return undefined;
}

describe('ConnectionPool timeouts', () => {
  let pool: ConnectionPool;
  beforeAll(async () => {
    pool = await ConnectionPool.open({ threads: 1, memoryLimit: '256MB', connections: 1, timeoutMs: 300 });
  });
  afterAll(() => pool?.close());

  it('interrupts a statement past the timeout, refuses one still waiting, and keeps the connection usable', async () => {
    const started = Date.now();
    const running = codeOf(pool.query(SLOW));
    const waiting = codeOf(pool.query({ sql: 'SELECT 1 AS one', params: [] }));
    expect(await running).toBe(ErrorCode.QUERY_TIMEOUT);
    expect(await waiting).toBe(ErrorCode.QUERY_TIMEOUT);
    expect(Date.now() - started).toBeLessThan(20_000);
    await expect(pool.query({ sql: 'SELECT CAST($1 AS INTEGER) + 1 AS two', params: ['1'] })).resolves.toEqual([{ two: 2 }]);
  });

  it('stops a statement when its caller goes away, runs one-off statements unprepared, and takes a longer timeout', async () => {
    const gone = new AbortController();
    const running = codeOf(pool.query(SLOW, { signal: gone.signal, timeoutMs: 60_000 }));
    setTimeout(() => gone.abort(), 100);
    expect(await running).toBe(ErrorCode.QUERY_TIMEOUT);
    await expect(pool.query({ sql: 'SELECT CAST($1 AS BIGINT) * 2 AS n', params: ['21'] }, { once: true })).resolves.toEqual([{ n: '42' }]);
    await expect(pool.query({ sql: 'SELECT count(*) AS n FROM range(CAST($1 AS BIGINT))', params: ['5000000'] }, { timeoutMs: 60_000 })).resolves.toEqual([{ n: '5000000' }]);
  });
});
