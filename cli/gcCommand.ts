import type { Command } from 'commander';
import { parseDuration } from '../engine/contract/parseDuration';
import { removeStaleStagingFolders } from '../engine/publish/stagingFolder';
import { collectGarbage } from '../engine/snapshot/collectGarbage';
import { cliContext } from './cliContext';

/**
 * `tessera gc --keep K [--grace 1h]`: removes old and uncommitted snapshot folders, and the local staging folders of
 * publishes that were killed.
 */
export function gcCommand(program: Command): void {
  program.command('gc')
    .description('remove old snapshots: keeps the newest K per product version and anything younger than the grace period')
    .requiredOption('--keep <k>', 'committed snapshots to keep per product version (the newest is always kept)')
    .option('--grace <duration>', 'never remove a snapshot younger than this (30m, 1h, 7d)', '1h')
    .option('--dry-run', 'list what would be removed')
    .option('--store <uri>', 'store root (default: TESSERA_STORE or ./data)')
    .action(async (opts: { keep: string; grace: string; dryRun?: boolean; store?: string }) => {
      if (!/^[0-9]+$/.test(opts.keep)) throw new Error(`--keep: expected a whole number, got "${opts.keep}"`);
      const { store } = cliContext(opts.store);
      const removed = await collectGarbage(store, { keep: Number(opts.keep), graceMs: parseDuration(opts.grace), dryRun: opts.dryRun });
      for (const r of removed) {
        process.stdout.write(`${opts.dryRun ? 'would remove' : 'removed'} ${r.prefix} (${r.committed ? 'committed' : 'uncommitted'}, ${r.objects} objects, ${r.bytes} bytes)\n`);
      }
      process.stdout.write(`${removed.length} snapshot folder(s) ${opts.dryRun ? 'to remove' : 'removed'}\n`);
      // Staging folders of publishes killed on this machine (SIGKILL, a crash) that could not clean up themselves.
      if (!opts.dryRun) {
        const staging = await removeStaleStagingFolders();
        if (staging.length) process.stdout.write(`removed ${staging.length} staging folder(s) of publishes that no longer run\n`);
      }
    });
}
