import { ErrorCode, TesseraError } from '../errors';

/** Admission settings of a {@link StatementScheduler}. */
export interface SchedulerOptions {
  /** Statements that may run at once (the pool's connections). */
  slots: number;
  /** Heavy statements that may run at once; at most `slots - 1`, so light statements always find a connection. @default 1 */
  heavySlots?: number;
  /** A statement estimated to read at least this many rows is heavy. @default 250000 */
  heavyRows?: number;
  /** Statements waiting in all; past it, RATE_LIMITED. Half of them at most may be heavy. @default 1024 */
  queueLimit?: number;
  /**
   * Heavy statements one caller may have waiting; past it, RATE_LIMITED. Light statements are not bounded per caller
   * (one request may ask for dozens of aliased pages), only in all; fair queuing keeps them from crowding others out.
   * @default 8
   */
  callerQueueLimit?: number;
}

/** What the scheduler knows of one statement. */
export interface Admission {
  /** Who asks: the signed subject of the request; callers share the engine fairly. */
  caller: string;
  /** Estimated rows the statement reads (at least 1). */
  cost: number;
  /** performance.now() time past which a statement that has not started is dropped. */
  deadline: number;
  /** Aborted when the request's deadline passes or its caller goes away: a waiting statement is dropped. */
  signal?: AbortSignal;
}

/** A granted admission: call `done` once the statement has finished, whatever its outcome. */
export interface Grant {
  heavy: boolean;
  done(): void;
}

interface Waiter {
  admission: Admission;
  heavy: boolean;
  /** Virtual start time: the order of admission (smaller first), cost-weighted per caller. */
  tag: number;
  seq: number;
  grant(): void;
  drop(err: TesseraError): void;
}

interface CallerState {
  /** Virtual finish time of the caller's last admitted or queued statement. */
  finish: number;
  queue: Waiter[];
}

/**
 * Admission control for the statements of one DuckDB pool: start-time fair queuing over callers, weighted by each
 * statement's estimated cost (rows read), so a caller sending aggregates over whole snapshots gets its share of the
 * engine and a caller sending key lookups is admitted ahead of the heavy work queued before it. Heavy statements
 * (estimated rows ≥ `heavyRows`) are limited to `heavySlots` at once, which keeps at least one connection (and the
 * CPU it needs) free for light ones. The queue is bounded (heavy statements per caller, and all statements in all):
 * past it, a statement is refused with
 * RATE_LIMITED and a retry hint; a waiting statement whose deadline passes or whose caller goes away is dropped with
 * QUERY_TIMEOUT and never started.
 */
export class StatementScheduler {
  private readonly heavySlots: number;
  private readonly heavyRows: number;
  private readonly queueLimit: number;
  private readonly callerQueueLimit: number;
  private readonly callers = new Map<string, CallerState>();
  private running = 0;
  private runningHeavy = 0;
  private queued = 0;
  private queuedHeavy = 0;
  private virtualTime = 0;
  private seq = 0;
  /** Milliseconds per estimated row, smoothed over finished statements; drives the retry hint. */
  private msPerRow = 0.001;

  /** Called when a statement is admitted (tests read the order of admission; operators may log it). */
  onAdmit?: (admission: Admission, heavy: boolean, waitedMs: number) => void;

  constructor(private readonly options: SchedulerOptions) {
    this.heavySlots = Math.max(1, Math.min(options.heavySlots ?? 1, options.slots - 1));
    this.heavyRows = options.heavyRows ?? 250_000;
    this.queueLimit = options.queueLimit ?? 1024;
    this.callerQueueLimit = options.callerQueueLimit ?? 8;
  }

  /** Statements waiting now. */
  get waiting(): number {
    return this.queued;
  }

  /** True when a statement of this estimated cost counts as heavy. */
  isHeavy(cost: number): boolean {
    return cost >= this.heavyRows;
  }

  /**
   * Waits for the statement's turn.
   * @throws TesseraError RATE_LIMITED (with `retryAfterSeconds`) when the caller's or the whole queue is full;
   *   QUERY_TIMEOUT when the deadline passes or the signal aborts before the statement's turn.
   */
  admit(admission: Admission, timeoutMs: number): Promise<Grant> {
    const heavy = this.isHeavy(admission.cost);
    const state = this.callers.get(admission.caller) ?? { finish: 0, queue: [] };
    const start = Math.max(this.virtualTime, state.finish);
    const cost = Math.max(1, admission.cost);
    // Room for it means nothing eligible is waiting (every release starts the eligible waiters first).
    if (this.canRun(heavy)) {
      this.callers.set(admission.caller, state);
      state.finish = start + cost;
      this.virtualTime = start;
      return Promise.resolve(this.start(admission, heavy, performance.now()));
    }
    this.refuseWhenFull(admission, heavy, state);
    if (admission.signal?.aborted) return Promise.reject(timeout(timeoutMs));
    this.callers.set(admission.caller, state);
    state.finish = start + cost;
    const queuedAt = performance.now();
    return new Promise<Grant>((resolve, reject) => {
      const settle = (): void => {
        clearTimeout(timer);
        admission.signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        admission, heavy, tag: start, seq: this.seq++,
        grant: () => {
          settle();
          resolve(this.start(admission, heavy, queuedAt));
        },
        drop: (err) => {
          settle();
          this.remove(waiter);
          reject(err);
        },
      };
      const onAbort = (): void => waiter.drop(timeout(timeoutMs));
      const timer = setTimeout(onAbort, Math.max(0, admission.deadline - performance.now()));
      admission.signal?.addEventListener('abort', onAbort, { once: true });
      state.queue.push(waiter);
      this.queued++;
      if (heavy) this.queuedHeavy++;
    });
  }

  private canRun(heavy: boolean): boolean {
    return this.running < this.options.slots && (!heavy || this.runningHeavy < this.heavySlots);
  }

  private refuseWhenFull(admission: Admission, heavy: boolean, state: CallerState): void {
    let limit: string | undefined;
    if (heavy && state.queue.filter((w) => w.heavy).length >= this.callerQueueLimit) limit = `at most ${this.callerQueueLimit} heavy statements waiting per caller`;
    else if (this.queued >= this.queueLimit) limit = `at most ${this.queueLimit} statements waiting in all`;
    else if (heavy && this.queuedHeavy >= Math.max(1, Math.floor(this.queueLimit / 2))) limit = `at most ${Math.max(1, Math.floor(this.queueLimit / 2))} heavy statements waiting in all`;
    if (!limit) return;
    // The hint: how long the work already waiting ahead of this caller should take at the engine's recent pace.
    const ahead = state.queue.reduce((sum, w) => sum + Math.max(1, w.admission.cost), 0) + (state.queue.length ? 0 : Math.max(1, admission.cost));
    const retryAfterSeconds = Math.max(1, Math.min(60, Math.ceil((ahead * this.msPerRow) / 1000)));
    throw new TesseraError(ErrorCode.RATE_LIMITED,
      `expected ${limit}, got more: the subgraph is busy with this caller's earlier queries; retry in ${retryAfterSeconds} s`,
      { retryAfterSeconds });
  }

  private start(admission: Admission, heavy: boolean, since: number): Grant {
    this.running++;
    if (heavy) this.runningHeavy++;
    const began = performance.now();
    this.onAdmit?.(admission, heavy, began - since);
    let finished = false;
    return {
      heavy,
      done: () => {
        if (finished) return;
        finished = true;
        this.running--;
        if (heavy) this.runningHeavy--;
        const rows = Math.max(1, admission.cost);
        this.msPerRow = 0.8 * this.msPerRow + 0.2 * ((performance.now() - began) / rows);
        this.dispatch();
      },
    };
  }

  /** Starts waiting statements while there is room, smallest virtual start time first among those that may run. */
  private dispatch(): void {
    for (;;) {
      let best: Waiter | undefined;
      for (const state of this.callers.values()) {
        // A caller's statements keep their order, but a light one is not held behind its own heavy one.
        const candidate = state.queue.find((w) => this.canRun(w.heavy));
        if (candidate && (!best || candidate.tag < best.tag || (candidate.tag === best.tag && candidate.seq < best.seq))) best = candidate;
      }
      if (!best) break;
      this.remove(best);
      this.virtualTime = Math.max(this.virtualTime, best.tag);
      best.grant();
    }
    this.forgetIdleCallers();
  }

  private remove(waiter: Waiter): void {
    const state = this.callers.get(waiter.admission.caller);
    const at = state?.queue.indexOf(waiter) ?? -1;
    if (!state || at < 0) return;
    state.queue.splice(at, 1);
    this.queued--;
    if (waiter.heavy) this.queuedHeavy--;
  }

  /** Callers with nothing waiting whose finish time the virtual clock has passed would start at it anyway. */
  private forgetIdleCallers(): void {
    for (const [caller, state] of this.callers) {
      if (!state.queue.length && state.finish <= this.virtualTime) this.callers.delete(caller);
    }
  }
}

function timeout(ms: number): TesseraError {
  return new TesseraError(ErrorCode.QUERY_TIMEOUT, `expected the query to start within ${ms} ms, it waited longer and was dropped before it ran; retry later or narrow the filter`);
}
