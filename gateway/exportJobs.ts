import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HeaderMap } from '@apollo/server';
import type { Logger } from 'pino';
import { ErrorCode, isTesseraError, TesseraError } from '../engine/errors';
import type { ObjectStore } from '../engine/storage/objectStore';
import type { ReportedUsage } from '../engine/usage/reportedUsage';
import { parseReportedUsage, USAGE_HEADER } from '../engine/usage/reportedUsage';
import { ObjectNotFoundError } from '../engine/storage/objectStore';
import { readBody } from '../engine/http/readBody';
import type { ExportJob } from './exportJob';
import { EXPORT_JOBS_PREFIX, MAX_REFUSAL_BYTES, fileFacts, fileKey, headerOf, jobKey, refusalOf } from './exportJob';
import type { ExportCall, PreparedExport } from './exportProxy';
import { askSubgraphExport, prepareExport } from './exportProxy';
import type { GatewayContext } from './gatewayContext';

/** A running job whose gateway has not reported for this long is started again. */
const STALE_MS = 10_000;

/** Options of {@link ExportJobs}. */
export interface ExportJobsOptions {
  store: ObjectStore;
  secret: string;
  /** How long the subgraph may take to answer. */
  timeoutMs: number;
  subgraphUrl: (name: string) => string | undefined;
  logger: Logger;
  /** How long a job and its file are kept after it was created. @default 86_400_000 (24 h) */
  retentionMs?: number;
  /** Jobs one caller may have running at once. @default 4 */
  maxRunningPerCaller?: number;
  /** Told of every job's export once the subgraph answered it (its file stored, or not): for the usage log. */
  onExported?: (job: ExportJob, usage: ReportedUsage, ok: boolean) => void;
}

const notFound = (id: string): TesseraError => new TesseraError(ErrorCode.NOT_FOUND, `expected the id of one of your export jobs, got "${id}"`);

/**
 * Asynchronous exports (`POST /exports`): a job runs the same export as `POST /export`, pinned to the snapshots of
 * its start, and keeps its state and file in the store, so a job outlives the gateway that started it (another
 * gateway, or this one restarted, finishes a job whose gateway went silent). A caller sees only its own jobs; each
 * counts as a request against its key's rate limit when created, and at most `maxRunningPerCaller` run at once.
 * Jobs and files expire after `retentionMs`.
 */
export class ExportJobs {
  private readonly running = new Map<string, AbortController>();
  private readonly sweeper: NodeJS.Timeout;

  /** Jobs over the store; expired ones are swept away now and every hour. */
  constructor(private readonly options: ExportJobsOptions) {
    void this.sweep();
    this.sweeper = setInterval(() => void this.sweep(), 3_600_000);
    this.sweeper.unref();
  }

  /**
   * Starts a job for an export request.
   * @throws TesseraError BAD_USER_INPUT, NOT_ACCEPTABLE, PRODUCT_NOT_FOUND for the request; RATE_LIMITED when the
   *   caller already has `maxRunningPerCaller` jobs running in this gateway.
   */
  async create(ctx: GatewayContext, call: ExportCall): Promise<ExportJob> {
    const prepared = prepareExport(call, this.options.subgraphUrl);
    const max = this.options.maxRunningPerCaller ?? 4;
    const mine = [...this.running.keys()].filter((id) => id.startsWith(`${ownerTag(ctx.identity.subject)}-`)).length;
    if (mine >= max) throw new TesseraError(ErrorCode.RATE_LIMITED, `expected at most ${max} running export jobs per caller, got one more; wait for one to finish`);
    const now = new Date();
    const id = `${ownerTag(ctx.identity.subject)}-${now.getTime().toString(36)}${randomBytes(9).toString('base64url')}`;
    const job: ExportJob = {
      id, owner: ctx.identity.subject, state: 'running', product: prepared.product,
      request: prepared.body.toString('utf8'), pins: ctx.pins, createdAt: now.toISOString(), updatedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + (this.options.retentionMs ?? 86_400_000)).toISOString(), bytesWritten: 0,
    };
    await this.save(job);
    this.start(job, ctx);
    return job;
  }

  /**
   * A caller's job, started again when its gateway went silent while it ran.
   * @throws TesseraError NOT_FOUND for an unknown or expired job or another caller's.
   */
  async get(ctx: GatewayContext, id: string): Promise<ExportJob> {
    const job = await this.load(ctx.identity.subject, id);
    if (job.state === 'running' && !this.running.has(id) && Date.now() - Date.parse(job.updatedAt) > STALE_MS) {
      job.bytesWritten = 0;
      job.updatedAt = new Date().toISOString();
      await this.save(job);
      this.start(job, ctx);
    }
    return job;
  }

  /** Cancels a caller's job (a running one stops) and removes its file. @throws TesseraError NOT_FOUND. */
  async cancel(ctx: GatewayContext, id: string): Promise<ExportJob> {
    const job = await this.load(ctx.identity.subject, id);
    this.running.get(id)?.abort();
    this.running.delete(id);
    job.state = 'cancelled';
    job.updatedAt = new Date().toISOString();
    await this.save(job);
    await this.options.store.delete([fileKey(id)]);
    return job;
  }

  /** Streams a finished job's file. @throws TesseraError NOT_FOUND; BAD_USER_INPUT when it has not succeeded. */
  async download(ctx: GatewayContext, id: string, res: ServerResponse): Promise<void> {
    const job = await this.get(ctx, id);
    if (job.state !== 'succeeded') throw new TesseraError(ErrorCode.BAD_USER_INPUT, `expected a succeeded job to download, got one that is ${job.state}`);
    const headers = { 'content-type': job.contentType ?? 'application/octet-stream', 'content-length': String(job.size ?? 0),
      'content-disposition': `attachment; filename="${job.filename ?? id}"` };
    const local = this.options.store.localPath(fileKey(id));
    if (local) {
      res.writeHead(200, headers);
      await pipeline(createReadStream(local), res);
      return;
    }
    // TODO: a presigned URL when the store is S3 would spare the gateway the bytes; today it relays them.
    const dir = await mkdtemp(join(tmpdir(), 'tessera-job-'));
    try {
      await this.options.store.getToFile(fileKey(id), join(dir, 'file'));
      res.writeHead(200, headers);
      await pipeline(createReadStream(join(dir, 'file')), res);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Removes every expired job and its file from the store (a job nobody asks about again would stay otherwise).
   * Never rejects: a failure is logged and the next sweep tries again.
   */
  async sweep(now = Date.now()): Promise<void> {
    try {
      const objects = await this.options.store.list(EXPORT_JOBS_PREFIX);
      for (const o of objects.filter((x) => x.key.endsWith('/job.json'))) {
        const job = JSON.parse((await this.options.store.get(o.key)).toString('utf8')) as ExportJob;
        if (Date.parse(job.expiresAt) <= now) await this.options.store.delete([fileKey(job.id), jobKey(job.id)]);
      }
    } catch (err) {
      this.options.logger.warn({ err: (err as Error).message }, 'sweeping expired export jobs failed');
    }
  }

  /** Stops running jobs' exports in this gateway (their state stays running: another gateway picks them up). */
  close(): void {
    clearInterval(this.sweeper);
    for (const c of this.running.values()) c.abort();
    this.running.clear();
  }

  private async load(owner: string, id: string): Promise<ExportJob> {
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw notFound(id);
    let job: ExportJob;
    try {
      job = JSON.parse((await this.options.store.get(jobKey(id))).toString('utf8')) as ExportJob;
    } catch (err) {
      if (err instanceof ObjectNotFoundError) throw notFound(id);
      throw err;
    }
    if (job.owner !== owner) throw notFound(id);
    if (Date.parse(job.expiresAt) <= Date.now()) {
      this.running.get(id)?.abort();
      await this.options.store.delete([fileKey(id), jobKey(id)]);
      throw notFound(id);
    }
    return job;
  }

  private save(job: ExportJob): Promise<void> {
    return this.options.store.put(jobKey(job.id), JSON.stringify(job));
  }

  private start(job: ExportJob, ctx: GatewayContext): void {
    const abort = new AbortController();
    this.running.set(job.id, abort);
    this.run(job, ctx, abort.signal).catch((err: unknown) => this.options.logger.error({ job: job.id, err: (err as Error).message }, 'export job failed'))
      .finally(() => {
        if (this.running.get(job.id) === abort) this.running.delete(job.id);
      });
  }

  private async run(job: ExportJob, ctx: GatewayContext, signal: AbortSignal): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'tessera-job-'));
    try {
      const body = Buffer.from(job.request);
      const prepared: PreparedExport = prepareExport({ headers: new HeaderMap(), body }, this.options.subgraphUrl);
      let upstream: IncomingMessage;
      try {
        upstream = await askSubgraphExport(this.options, { identity: ctx.identity, requestId: job.id, logger: ctx.logger }, prepared, job.pins);
      } catch (err) {
        return await this.finish(job, signal, { state: 'failed', error: errorOf(err) });
      }
      signal.addEventListener('abort', () => upstream.destroy(), { once: true });
      if ((upstream.statusCode ?? 502) !== 200) {
        const error = refusalOf((await readBody(upstream, MAX_REFUSAL_BYTES))?.toString('utf8'));
        this.options.onExported?.(job, parseReportedUsage(undefined), false);
        return await this.finish(job, signal, { state: 'failed', error });
      }
      const usage = parseReportedUsage(headerOf(upstream, USAGE_HEADER));
      const local = join(dir, 'file');
      let last = Date.now();
      const counter = new Transform({
        transform: (chunk: Buffer, _enc, done) => {
          job.bytesWritten += chunk.length;
          // Report progress (and that this gateway is alive) about once a second.
          if (Date.now() - last > 1000) {
            last = Date.now();
            job.updatedAt = new Date().toISOString();
            this.save(job).catch(() => undefined);
          }
          done(null, chunk);
        },
      });
      await pipeline(upstream, counter, createWriteStream(local));
      if (signal.aborted) return;
      await this.options.store.putFile(fileKey(job.id), local);
      this.options.onExported?.(job, usage, true);
      await this.finish(job, signal, { state: 'succeeded', size: job.bytesWritten, ...fileFacts(upstream) });
    } catch (err) {
      if (!signal.aborted) await this.finish(job, signal, { state: 'failed', error: errorOf(err) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async finish(job: ExportJob, signal: AbortSignal, outcome: Partial<ExportJob>): Promise<void> {
    // A cancelled job stays cancelled, whatever its export did meanwhile.
    if (signal.aborted) return;
    Object.assign(job, outcome, { updatedAt: new Date().toISOString() });
    await this.save(job);
  }
}

/** A short, id-safe tag of a caller, so a gateway counts a caller's running jobs without reading the store. */
function ownerTag(subject: string): string {
  return Buffer.from(subject).toString('base64url').slice(0, 16).replace(/-/g, '_') || 'anon';
}

function errorOf(err: unknown): { code: string; message: string } {
  return isTesseraError(err) ? { code: err.code, message: err.message } : { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'the export failed' };
}
