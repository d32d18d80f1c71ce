import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { ApiKeys, parseApiKeys } from './apiKeys';

/** The keys in force, followed as the keys file changes. */
export interface ApiKeysFile {
  /** The keys of the last valid version of the file. */
  current(): ApiKeys;
  /** Checks the file now (also done every `pollMs`): resolves once a change is loaded or refused. */
  check(): Promise<void>;
  stop(): void;
}

/**
 * Loads the keys file and follows it: every `pollMs` it is read again (it is small) and, when its text changed, parsed
 * and put in force (a revoked key stops working within `pollMs`, without a restart). A changed file that fails
 * validation is logged and the keys in force stay. No file means no keys.
 * @throws KeysFileError (or the read error) when the file is invalid at start: the gateway does not start.
 */
export async function watchApiKeysFile(file: string | undefined, pollMs: number, logger: Logger): Promise<ApiKeysFile> {
  let seen = file ? await readFile(file, 'utf8') : '';
  let keys = file ? parseApiKeys(file, seen) : new ApiKeys([]);
  // A file being replaced may be missing for a moment: keep the keys in force and look again at the next check.
  const text = async (): Promise<string | undefined> => (file ? readFile(file, 'utf8').catch(() => undefined) : undefined);
  let checking: Promise<void> | undefined;
  const check = (): Promise<void> => (checking ??= (async () => {
    try {
      const now = await text();
      if (!file || now === undefined || now === seen) return;
      seen = now;
      try {
        keys = parseApiKeys(file, now);
        logger.info({ file, keys: keys.size }, 'reloaded the API keys file');
      } catch (err) {
        logger.error({ file, error: (err as Error).message }, 'refused a change of the API keys file; the previous keys stay in force');
      }
    } finally {
      checking = undefined;
    }
  })());
  const timer = file ? setInterval(() => void check(), pollMs) : undefined;
  timer?.unref();
  return { current: () => keys, check, stop: () => clearInterval(timer) };
}
