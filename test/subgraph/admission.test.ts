import { ErrorCode, TesseraError } from '../../engine/errors';
import type { CompiledSql } from '../../engine/query/queryPlan';
import { ConnectionPool } from '../../engine/duckdb/connectionPool';
import type { Admission } from '../../engine/duckdb/statementScheduler';

// Runs until interrupted: stands for an aggregate over a whole large snapshot.
const slow = (tag: string): CompiledSql => ({ sql: `SELECT count(*) AS n FROM range(1000000000000) a WHERE a.range % 7 = CAST($1 AS BIGINT) -- ${tag}`, params: ['3'] });
const cheap = (n: number): CompiledSql => ({ sql: 'SELECT CAST($1 AS INTEGER) AS n', params: [String(n)] });
const HEAVY = 10_000_000;

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    return err instanceof TesseraError ? err.code : String(err);
  }
  return undefined;
}

/** Resolves once `check` holds, polling the event loop (bounded). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error('condition never held');
}

interface Admitted { caller: string; heavy: boolean; signal?: AbortSignal }

describe('admission control of the DuckDB pool', () => {
  let pool: ConnectionPool;
  const admitted: Admitted[] = [];
  /** The first parameter of every statement that started. */
  const started: string[] = [];
  beforeAll(async () => {
    pool = await ConnectionPool.open({
      threads: 1, memoryLimit: '256MB', connections: 2, timeoutMs: 120_000,
      admission: { heavySlots: 1, heavyRows: 1000, queueLimit: 40, callerQueueLimit: 6 },
      onAdmit: (a: Admission, heavy) => admitted.push({ caller: a.caller, heavy, signal: a.signal }),
      onQuery: (sql) => started.push(String(sql.params[0])),
    });
  });
  afterAll(() => pool?.close());
  beforeEach(() => {
    admitted.length = 0;
    started.length = 0;
  });

  it('admits a light caller ahead of heavy work queued before it, and heavy callers in fair turns', async () => {
    const stops = new Map<AbortSignal, AbortController>();
    const heavy = (caller: string, i: number): Promise<string | undefined> => {
      const stop = new AbortController();
      stops.set(stop.signal, stop);
      return codeOf(pool.query(slow(`${caller}-${i}`), { caller, cost: HEAVY, signal: stop.signal }));
    };
    // Caller A queues five heavy statements, then B and C one each: one runs, the rest wait for the heavy slot.
    const heavyRuns = [0, 1, 2, 3, 4].map((i) => heavy('a', i));
    await until(() => admitted.length === 1);
    heavyRuns.push(heavy('b', 0), heavy('c', 0));
    expect(pool.waiting).toBe(6);

    // The light caller's lookups all run at once, while six heavy statements that arrived first still wait.
    for (let i = 0; i < 10; i++) await expect(pool.query(cheap(i), { caller: 'light', cost: 1 })).resolves.toEqual([{ n: i }]);
    expect(admitted.filter((a) => a.caller === 'light')).toHaveLength(10);
    expect(admitted.filter((a) => a.heavy)).toHaveLength(1);
    expect(pool.waiting).toBe(6);

    // Stopping what runs lets the next heavy statement in: B and C go before A's second, third... (fair turns).
    const order = (): string[] => admitted.filter((a) => a.heavy).map((a) => a.caller);
    for (let turn = 2; turn <= 8; turn++) {
      const running = admitted.filter((a) => a.heavy).at(-1)!;
      stops.get(running.signal!)!.abort();
      if (turn <= 7) await until(() => order().length === turn);
    }
    expect(order()).toEqual(['a', 'b', 'c', 'a', 'a', 'a', 'a']);
    expect(await Promise.all(heavyRuns)).toEqual(Array(7).fill(ErrorCode.QUERY_TIMEOUT));
  });

  it('refuses past a caller\'s queue bound with RATE_LIMITED and a retry hint, while others are still admitted', async () => {
    const stop = new AbortController();
    const runs = Array.from({ length: 7 }, (_, i) => pool.query(slow(`q-${i}`), { caller: 'greedy', cost: HEAVY, signal: stop.signal }).catch((e: unknown) => e));
    await until(() => admitted.length === 1);
    const refused = pool.query(slow('over'), { caller: 'greedy', cost: HEAVY, signal: stop.signal });
    await expect(refused).rejects.toMatchObject({ code: ErrorCode.RATE_LIMITED });
    const err = await refused.catch((e: unknown) => e as TesseraError);
    expect((err as TesseraError).details.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    await expect(pool.query(cheap(1), { caller: 'other', cost: 1 })).resolves.toEqual([{ n: 1 }]);
    stop.abort();
    await Promise.all(runs);
  });

  it('drops a statement whose deadline passes while it waits: it never starts', async () => {
    const stop = new AbortController();
    const holding = [codeOf(pool.query(slow('hold-1'), { caller: 'x', cost: 1, signal: stop.signal })),
      codeOf(pool.query(slow('hold-2'), { caller: 'y', cost: 1, signal: stop.signal }))];
    await until(() => admitted.length === 2);
    const deadline = new AbortController();
    const late = codeOf(pool.query(cheap(7), { caller: 'z', cost: 1, signal: deadline.signal }));
    const timedOut = codeOf(pool.query(cheap(8), { caller: 'w', cost: 1, timeoutMs: 50 }));
    deadline.abort();
    expect(await late).toBe(ErrorCode.QUERY_TIMEOUT);
    expect(await timedOut).toBe(ErrorCode.QUERY_TIMEOUT);
    stop.abort();
    expect(await Promise.all(holding)).toEqual([ErrorCode.QUERY_TIMEOUT, ErrorCode.QUERY_TIMEOUT]);
    // Both connections are free again: a later statement runs, and the two dropped ones never did.
    await expect(pool.query(cheap(9), { caller: 'z', cost: 1 })).resolves.toEqual([{ n: 9 }]);
    expect(started.filter((p) => ['7', '8', '9'].includes(p))).toEqual(['9']);
    expect(admitted.map((a) => a.caller)).toEqual(['x', 'y', 'z']);
  });
});
