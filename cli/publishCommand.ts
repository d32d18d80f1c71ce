import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadContracts } from '../engine/contract/loadContracts';
import { parseContract } from '../engine/contract/parseContract';
import { qualifiedName } from '../engine/contract/types';
import { counted } from '../engine/publish/counted';
import { publishProduct } from '../engine/publish/publishProduct';
import { cliContext, parseVersionOption } from './cliContext';
import { progressReporter } from './progressReporter';

interface PublishFlags { input: string[]; version?: string; store?: string; publisher?: string; schema?: string }

/** `tessera publish <contract.yaml> --input <file…>`: validates, tests, writes and commits one snapshot. */
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
      try {
        const manifest = await publishProduct({
          store, contract, contracts, version: parseVersionOption(opts.version), inputs: opts.input.map((i) => resolve(i)),
          publisher: opts.publisher, onProgress: progress.onProgress,
          duckdb: { threads: config.duckdbThreads, memoryLimit: config.duckdbMemoryLimit },
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
