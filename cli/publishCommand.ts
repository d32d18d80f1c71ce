import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadContracts } from '../engine/contract/loadContracts';
import { loadBuildSql } from '../engine/contract/loadBuildSql';
import { parseContract } from '../engine/contract/parseContract';
import { findVersion, qualifiedName } from '../engine/contract/types';
import { recordPublishFailure } from '../engine/governance/publishFailure';
import { counted } from '../engine/publish/counted';
import { publishProduct } from '../engine/publish/publishProduct';
import { cliContext, parseVersionOption } from './cliContext';
import { progressReporter } from './progressReporter';

interface PublishFlags { input?: string[]; pin?: string[]; version?: string; store?: string; publisher?: string; schema?: string }

/**
 * `tessera publish <contract.yaml> --input <file…>`: validates, tests, writes and commits one snapshot. A contract with
 * `build.sql` needs no `--input`: its SQL runs over the inputs' latest snapshots, or those given with `--pin`. When it
 * stops with an error after reading the contract, it records the failure in the store for the monitor (`publish.failed`).
 */
export function publishCommand(program: Command): void {
  program.command('publish')
    .description('publish a snapshot of a data product from CSV, JSON lines or parquet input, or from its build SQL')
    .argument('<contract>', 'the product contract, e.g. schema/sales/orders.yaml')
    .option('--input <files...>', 'input files (.csv with header, .jsonl/.ndjson/.json, .parquet; CSV and JSON may end in .gz); none for a product with build.sql')
    .option('--pin <pins...>', 'for build.sql: build from these input snapshots, as domain.product=<snapshot id>')
    .option('--version <n>', 'major version to publish (default: the current one)')
    .option('--store <uri>', 'store root: a folder or s3://bucket/prefix (default: TESSERA_STORE or ./data)')
    .option('--publisher <name>', 'recorded in the manifest (default: the OS user)')
    .option('--schema <dir>', 'contracts folder, for relationships tests (default: TESSERA_SCHEMA_DIR or ./schema)')
    .action(async (file: string, opts: PublishFlags) => {
      const { config, store } = cliContext(opts.store);
      const path = resolve(file);
      const contract = await loadBuildSql(parseContract(relative(process.cwd(), path) || path, await readFile(path, 'utf8')));
      const inputs = (opts.input ?? []).map((i) => resolve(i));
      if (!inputs.length && !contract.build) throw new Error(`--input: expected input files for ${qualifiedName(contract)}, which has no build.sql, got none`);
      const schemaDir = opts.schema ?? config.schemaDir;
      // A build resolves the products its SQL names from every contract; a plain publish only needs them for references.
      const contracts = inputs.length ? await loadContracts(schemaDir).catch(() => undefined) : await loadContracts(schemaDir);
      const progress = progressReporter(qualifiedName(contract));
      const versionNumber = parseVersionOption(opts.version);
      try {
        const manifest = await publishProduct({
          store, contract, contracts, version: versionNumber, inputs, pins: parsePins(opts.pin ?? []),
          publisher: opts.publisher, onProgress: progress.onProgress,
          duckdb: { threads: config.duckdbThreads, memoryLimit: config.duckdbMemoryLimit },
        }).catch(async (err: unknown) => {
          progress.stop();
          const version = versionNumber === undefined ? contract.versions.find((v) => v.status === 'current') : findVersion(contract, versionNumber);
          await recordPublishFailure(store, { contract, version, inputs, publisher: opts.publisher ?? userInfo().username }, err).catch((recordErr: unknown) => {
            process.stderr.write(`warning: could not record the failure for the monitor: ${recordErr instanceof Error ? recordErr.message : String(recordErr)}\n`);
          });
          throw err;
        });
        progress.stop();
        const warned = manifest.tests.filter((t) => t.status === 'fail');
        for (const t of warned) process.stdout.write(`warning: ${t.name}: ${t.message ?? 'failed'}\n`);
        process.stdout.write(`published ${manifest.domain}.${manifest.product} v${manifest.version} snapshot ${manifest.snapshotId}: ` +
          `${counted(manifest.rowCount, 'row')} in ${counted(manifest.files.length, 'file')}\n`);
      } finally {
        progress.stop();
      }
    });
}

/** `--pin domain.product=<snapshot>` options as a map. @throws Error naming the malformed one. */
function parsePins(pins: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pin of pins) {
    const match = /^([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*(?:\.v[1-9][0-9]*)?)=(.+)$/.exec(pin);
    if (!match) throw new Error(`--pin: expected domain.product=<snapshot id>, got "${pin}"`);
    out[match[1]!] = match[2]!;
  }
  return out;
}
