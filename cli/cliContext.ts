import type { TesseraConfig } from '../engine/config';
import { readConfig } from '../engine/config';
import { openStore } from '../engine/storage/openStore';
import type { ObjectStore } from '../engine/storage/objectStore';

/** Configuration read once for the command, and the store a `--store` option (or `TESSERA_STORE`) names. */
export interface CliContext {
  config: Readonly<TesseraConfig>;
  store: ObjectStore;
}

/** Reads the configuration and opens the store, `--store` taking precedence over the environment. */
export function cliContext(storeOption: string | undefined): CliContext {
  const config = readConfig();
  const store = openStore(storeOption ?? config.store, { endpoint: config.s3Endpoint, forcePathStyle: config.s3ForcePathStyle });
  return { config, store };
}

/** Turns a `--version` option into a positive whole number. @throws Error naming what was expected. */
export function parseVersionOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(text)) throw new Error(`--version: expected a positive whole number, got "${text}"`);
  return Number(text);
}
