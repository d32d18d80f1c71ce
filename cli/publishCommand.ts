import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadContracts } from '../engine/contract/loadContracts';
import { parseContract } from '../engine/contract/parseContract';
import { findVersion, qualifiedName } from '../engine/contract/types';
import { recordPublishFailure } from '../engine/governance/publishFailure';
import { counted } from '../engine/publish/counted';
import { publishProduct } from '../engine/publish/publishProduct';
import { cliContext, parseVersionOption } from './cliContext';
import { progressReporter } from './progressReporter';

interface PublishFlags { input: string[]; version?: string; store?: string; publisher?: string; schema?: string }

/**
 * `tessera publish <contract.yaml> --input <file…>`: validates, tests, writes and commits one snapshot. When it stops
 * with an error after reading the contract, it records the failure in the store for the monitor (`publish.failed`).
 */
export function publishCommand(program: Command): void {
  program.command('publish')
    .description('publish a snapshot of a data product from CSV, JSON lines or parquet input')
    .argument('<contract>', 'the product contract, e.g. schema/sales/orders.yaml')
    .requiredOption('--input <files...>', 'input files (.csv with header, .jsonl/.ndjson/.json, .parquet; CSV and JSON may end in .gz)')
    .option('--version <n>', 'major version to publish (default: the current one)')
    .option('--store <uri>', 'store root: a folder or s3://bucket/prefix (default: TESSERA_STORE or ./data)')
    .option('--publisher <name>', 'recorded in the manifest (default: the OS user)')
    .option('--schema <dir>', 'contracts folder, for relationships tests (default: TESSERA_SCHEMA_DIR or ./schema)')
    .action(async (file: string, opts: PublishFlags) => {
      const { config, store } = cliContext(opts.store);
      const path = resolve(file);
      const contract = parseContract(relative(process.cwd(), path) || path, await readFile(path, 'utf8'));
      const contracts = await loadContracts(opts.schema ?? config.schemaDir).catch(() => undefined);
      const progress = progressReporter(qualifiedName(contract));
      const versionNumber = parseVersionOption(opts.version);
      const inputs = opts.input.map((i) => resolve(i));
      try {
        const manifest = await publishProduct({
          store, contract, contracts, version: versionNumber, inputs,
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
