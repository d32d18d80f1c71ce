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
  /** Compares a candidate supergraph with the running subgraphs; a `stale` verdict rejects it. */
  check?: (sdl: string) => Promise<SupergraphCheck>;
  logger: Logger;
  metrics: GatewayMetrics;
}

/** Thrown at start when the supergraph file cannot be served. */
export class SupergraphRejectedError extends Error {
  constructor(message: string) {
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
 * Serves the supergraph from a file and follows its changes: when the file changes, the new SDL is checked (against
 * the running subgraphs when `check` is given) and handed to the gateway; a stale or invalid supergraph is rejected
 * with a log line and the gateway keeps serving the previous one. At start a stale or invalid file is an error.
 */
export function supergraphFileManager(options: SupergraphFileOptions): SupergraphFileManager {
  const { file, logger, metrics } = options;
  let current = '';
  let rejection: string | undefined;
  let chain: Promise<void> = Promise.resolve();

  async function vet(sdl: string): Promise<void> {
    if (!sdl.trim()) throw new SupergraphRejectedError(`expected a supergraph in ${file}, found an empty file`);
    const verdict = await options.check?.(sdl);
    if (verdict?.verdict === 'stale') throw new SupergraphRejectedError(verdict.message);
    if (verdict?.verdict === 'inconclusive') {
      logger.warn({ unreachable: verdict.unreachable }, 'could not compare the supergraph with every subgraph; serving it unchecked');
    }
  }

  async function reload(update: SupergraphSdlUpdateFunction): Promise<void> {
    const sdl = await readFile(file, 'utf8').catch(() => undefined);
    // An empty read is a write in progress (truncated, not yet written); its completion is another change.
    if (sdl === undefined || !sdl.trim()) return;
    if (sdl === current) {
      rejection = undefined;
      return;
    }
    try {
      await vet(sdl);
      update(sdl); // throws when the SDL is not a valid supergraph; the gateway then keeps the old schema
      current = sdl;
      rejection = undefined;
      metrics.supergraphLoads.inc({ result: 'loaded' });
      logger.info({ file }, 'supergraph reloaded');
    } catch (err) {
      rejection = (err as Error).message;
      metrics.supergraphLoads.inc({ result: 'rejected' });
      logger.error({ file, reason: rejection }, 'supergraph rejected; still serving the previous one');
    }
  }

  return {
    async initialize({ update }) {
      let sdl: string;
      try {
        sdl = await readFile(file, 'utf8');
      } catch {
        throw new SupergraphRejectedError(`expected a supergraph at ${file}; generate it with npm run supergraph:generate`);
      }
      await vet(sdl);
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
          clearTimeout(timer);
          unwatchFile(file, listener);
          await chain;
        },
      };
    },
    lastRejection: () => rejection,
    settled: () => chain,
  };
}
