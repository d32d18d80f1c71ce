import type { Command } from 'commander';
import { loadContracts } from '../engine/contract/loadContracts';
import { currentVersion } from '../engine/contract/types';
import { SnapshotReader } from '../engine/snapshot/snapshotReader';
import { cliContext, parseVersionOption } from './cliContext';

/** `tessera snapshots <domain.product> [--version N]`: lists committed snapshots, oldest first. */
export function snapshotsCommand(program: Command): void {
  program.command('snapshots')
    .description('list the committed snapshots of a product version')
    .argument('<product>', 'domain.product, e.g. sales.orders')
    .option('--version <n>', 'major version (default: the current one in the contracts)')
    .option('--store <uri>', 'store root (default: TESSERA_STORE or ./data)')
    .option('--schema <dir>', 'contracts folder (default: TESSERA_SCHEMA_DIR or ./schema)')
    .action(async (name: string, opts: { version?: string; store?: string; schema?: string }) => {
      const { config, store } = cliContext(opts.store);
      const [domain, product, extra] = name.split('.');
      if (!domain || !product || extra !== undefined) throw new Error(`expected <domain>.<product>, e.g. sales.orders, got "${name}"`);
      let version = parseVersionOption(opts.version);
      if (version === undefined) {
        const contract = (await loadContracts(opts.schema ?? config.schemaDir, domain)).find((c) => c.product === product);
        if (!contract) throw new Error(`expected a contract for ${name} in ${opts.schema ?? config.schemaDir}, found none; pass --version`);
        version = currentVersion(contract).version;
      }
      const manifests = await new SnapshotReader(store).listSnapshots({ domain, product, version });
      if (!manifests.length) {
        process.stdout.write(`no committed snapshots of ${name} v${version}\n`);
        return;
      }
      process.stdout.write('snapshot                    published at              rows       files  bytes         tests  publisher\n');
      for (const m of manifests) {
        const bytes = m.files.reduce((n, f) => n + f.bytes, 0);
        const failed = m.tests.filter((t) => t.status === 'fail').length;
        const tests = failed ? `${failed} warn` : 'pass';
        process.stdout.write(`${m.snapshotId}  ${m.publishedAt}  ${String(m.rowCount).padEnd(9)}  ${String(m.files.length).padEnd(5)}  ` +
          `${String(bytes).padEnd(12)}  ${tests.padEnd(5)}  ${m.publisher}\n`);
      }
    });
}
