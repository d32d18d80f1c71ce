import type { Command } from 'commander';
import { checkHub } from '../engine/check/checkHub';
import { formatFinding } from '../engine/contract/contractFinding';
import { readConfig } from '../engine/config';
import { SnapshotReader } from '../engine/snapshot/snapshotReader';
import { cliContext } from './cliContext';

/** `tessera check`: validates and lints every contract and the owners file, and rejects breaking changes against committed snapshots. */
export function checkCommand(program: Command): void {
  program.command('check')
    .description('validate every contract and the owners file, lint naming conventions and references, reject breaking changes')
    .option('--schema <dir>', 'contracts folder (default: TESSERA_SCHEMA_DIR or ./schema)')
    .option('--store <uri>', 'store to compare with (default: TESSERA_STORE or ./data)')
    .action(async (opts: { schema?: string; store?: string }) => {
      const { store } = cliContext(opts.store);
      const { contracts, findings } = await checkHub(opts.schema ?? readConfig().schemaDir, new SnapshotReader(store));
      for (const f of findings) process.stdout.write(`${formatFinding(f)}\n`);
      if (findings.length) {
        process.stdout.write(`\n${findings.length} finding${findings.length === 1 ? '' : 's'}\n`);
        process.exitCode = 1;
      } else {
        process.stdout.write(`${contracts.length} contracts OK\n`);
      }
    });
}
