import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { loadContracts } from '../contract/loadContracts';
import type { ProductContract } from '../contract/types';

/** A fingerprint of every file under `dir`: path, size and modification time, sorted. */
async function fingerprint(dir: string): Promise<string> {
  const files = (await readdir(dir, { recursive: true })).sort();
  const parts = await Promise.all(files.map(async (file) => {
    const info = await stat(join(dir, file)).catch(() => undefined);
    return info?.isFile() ? `${file}:${info.size}:${info.mtimeMs}` : '';
  }));
  return parts.join('\n');
}

/** What {@link followContracts} needs. */
export interface FollowContractsOptions {
  schemaDir: string;
  /** Milliseconds between looks at the folder. */
  pollMs: number;
  logger: Logger;
  /** Takes contracts that loaded and validated (may throw: then the previous ones stay). */
  apply: (contracts: ProductContract[]) => Promise<void>;
}

/**
 * Follows the contracts under `schemaDir`: every `pollMs` it compares the folder's files with the last look, and when
 * they changed loads and validates the contracts and hands them to `apply`, so a new domain's products appear without a
 * restart. Contracts that do not validate are logged and the previous ones stay in force.
 * @returns a function that stops following.
 */
export async function followContracts(options: FollowContractsOptions): Promise<() => void> {
  let last = await fingerprint(options.schemaDir).catch(() => '');
  let running = false;
  const look = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const now = await fingerprint(options.schemaDir);
      if (now === last) return;
      last = now;
      const contracts = await loadContracts(options.schemaDir);
      await options.apply(contracts);
      options.logger.info({ contracts: contracts.length }, 'contracts changed: the catalog answers from the new ones');
    } catch (err) {
      options.logger.warn({ err: (err as Error).message }, 'contracts changed but could not be loaded; the catalog keeps the previous ones');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void look(), options.pollMs);
  timer.unref();
  return () => clearInterval(timer);
}
