import { unwatchFile, watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { SupergraphManager, SupergraphSdlUpdateFunction } from '@apollo/gateway';
import type { Logger } from 'pino';
import type { GatewayMetrics } from './gatewayMetrics';
import type { SupergraphCheck } from './supergraphCheck';

/** Options of {@link supergraphFileManager}. */
export interface SupergraphFileOptions {
  file: string;
  /** How often the file's modification time is polled. */
  pollMs: number;
  /**
   * How long after rejecting a supergraph its subgraphs did not (yet) answer the check is tried again, so a
   * supergraph written before a new subgraph is up loads once the subgraph starts. @default 5 × pollMs, at most 30 s
   */
  retryMs?: number;
  /** Compares a candidate supergraph with the running subgraphs; a `stale` verdict rejects it. */
  check?: (sdl: string) => Promise<SupergraphCheck>;
  logger: Logger;
  metrics: GatewayMetrics;
}

/** Thrown at start when the supergraph file cannot be served; `retryable` when the subgraphs may yet catch up. */
export class SupergraphRejectedError extends Error {
  constructor(message: string, readonly retryable = false) {
    super(message);
    this.name = 'SupergraphRejectedError';
  }
}

/** A supergraph manager that also reports what it last did, for `/readyz` and tests. */
export interface SupergraphFileManager extends SupergraphManager {
  /** The last rejection since the last successful load, if any. */
  lastRejection(): string | undefined;
  /** Resolves once every change noticed so far has been handled. */
  settled(): Promise<void>;
}

/**
 * Serves the supergraph from a file and follows its changes without a restart: when the file changes, the new SDL is
 * checked against the subgraphs it names (when `check` is given) and handed to the gateway. A change is rejected,
 * logged once and counted, and the gateway keeps serving the previous supergraph, when it is invalid, when a
 * subgraph serves other SDL than it says (stale), or when a subgraph it names does not answer; the last two are
 * tried again every `retryMs` until they load or the file changes. At start a stale or invalid file is an error,
 * while an unreachable subgraph only warns (so the gateway may start before its subgraphs; `/readyz` names them).
 */
export function supergraphFileManager(options: SupergraphFileOptions): SupergraphFileManager {
  const { file, logger, metrics } = options;
  const retryMs = options.retryMs ?? Math.min(30_000, options.pollMs * 5);
  let current = '';
  let rejection: string | undefined;
  let rejectedSdl: string | undefined;
  let chain: Promise<void> = Promise.resolve();
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;

  async function vet(sdl: string, atStart: boolean): Promise<void> {
    if (!sdl.trim()) throw new SupergraphRejectedError(`expected a supergraph in ${file}, found an empty file`);
    const verdict = await options.check?.(sdl);
    if (verdict?.verdict === 'stale') throw new SupergraphRejectedError(verdict.message, true);
    if (verdict?.verdict === 'inconclusive') {
      if (!atStart) {
        throw new SupergraphRejectedError(`expected every subgraph the supergraph names to answer, but ${verdict.unreachable.join(', ')} did not ` +
          '(start it at its address in schema/domains.yaml); trying again', true);
      }
      logger.warn({ unreachable: verdict.unreachable }, 'could not compare the supergraph with every subgraph; serving it unchecked');
    }
  }

  async function reload(update: SupergraphSdlUpdateFunction): Promise<void> {
    clearTimeout(retry);
    if (stopped) return;
    const sdl = await readFile(file, 'utf8').catch(() => undefined);
    // An empty read is a write in progress (truncated, not yet written); its completion is another change.
    if (sdl === undefined || !sdl.trim()) return;
    if (sdl === current) {
      rejection = undefined;
      return;
    }
    try {
      await vet(sdl, false);
      update(sdl); // throws when the SDL is not a valid supergraph; the gateway then keeps the old schema
      current = sdl;
      rejection = undefined;
      metrics.supergraphLoads.inc({ result: 'loaded' });
      logger.info({ file }, 'supergraph reloaded');
    } catch (err) {
      const reason = (err as Error).message;
      // A retry that fails for the same reason is not news: logged and counted once per file content and reason.
      if (reason !== rejection || sdl !== rejectedSdl) {
        metrics.supergraphLoads.inc({ result: 'rejected' });
        logger.error({ file, reason }, 'supergraph rejected; still serving the previous one');
      }
      rejection = reason;
      rejectedSdl = sdl;
      if (err instanceof SupergraphRejectedError && err.retryable && !stopped) {
        retry = setTimeout(() => {
          chain = chain.then(() => reload(update));
        }, retryMs);
        retry.unref();
      }
    }
  }

  return {
    async initialize({ update }) {
      let sdl: string;
      try {
        sdl = await readFile(file, 'utf8');
      } catch {
        throw new SupergraphRejectedError(`expected a supergraph at ${file}; generate it with npm run schema:generate`);
      }
      await vet(sdl, true);
      current = sdl;
      metrics.supergraphLoads.inc({ result: 'loaded' });
      // Changes are debounced by one poll interval, so a file written in several steps is read once, whole.
      let timer: NodeJS.Timeout | undefined;
      const listener = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          chain = chain.then(() => reload(update));
        }, options.pollMs);
        timer.unref();
      };
      watchFile(file, { interval: options.pollMs, persistent: false }, listener);
      return {
        supergraphSdl: sdl,
        cleanup: async () => {
          stopped = true;
          clearTimeout(timer);
          clearTimeout(retry);
          unwatchFile(file, listener);
          await chain;
        },
      };
    },
    lastRejection: () => rejection,
    settled: () => chain,
  };
}
