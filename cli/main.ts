import { Command } from 'commander';
import { checkCommand } from './checkCommand';
import { gcCommand } from './gcCommand';
import { generateCommand } from './generateCommand';
import { publishCommand } from './publishCommand';
import { serveCommand } from './serveCommand';
import { snapshotsCommand } from './snapshotsCommand';

// The `tessera` CLI: each command is one file; errors are printed as their message (never a stack) with exit code 1.
const program = new Command('tessera')
  .description('Tessera: publish data products as immutable parquet snapshots, check their contracts, serve their subgraphs')
  .showHelpAfterError();
checkCommand(program);
publishCommand(program);
snapshotsCommand(program);
gcCommand(program);
generateCommand(program);
serveCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
