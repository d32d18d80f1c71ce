import type { Command } from 'commander';
import { readConfig } from '../engine/config';
import { DEFAULT_SAMPLE_ORDERS, generateSampleData } from '../engine/sample/generateSampleData';
import { cliContext } from './cliContext';
import { progressReporter } from './progressReporter';

/** `tessera generate [--scale N]`: publishes deterministic sample data for the sample domains. */
export function generateCommand(program: Command): void {
  program.command('generate')
    .description('generate and publish the sample domains (merchandising, customers, sales) deterministically')
    .option('--scale <orders>', 'number of orders (customers ~ orders/10, products ~ orders/250)', String(DEFAULT_SAMPLE_ORDERS))
    .option('--store <uri>', 'store root (default: TESSERA_STORE or ./data)')
    .option('--schema <dir>', 'contracts folder (default: TESSERA_SCHEMA_DIR or ./schema)')
    .action(async (opts: { scale: string; store?: string; schema?: string }) => {
      if (!/^[1-9][0-9]*$/.test(opts.scale)) throw new Error(`--scale: expected a positive whole number, got "${opts.scale}"`);
      const { config, store } = cliContext(opts.store);
      const reporters = new Map<string, ReturnType<typeof progressReporter>>();
      try {
        const manifests = await generateSampleData({
          store, schemaDir: opts.schema ?? readConfig().schemaDir, scale: Number(opts.scale),
          duckdb: { threads: config.duckdbThreads, memoryLimit: config.duckdbMemoryLimit },
          onProgress: (product, event) => {
            const reporter = reporters.get(product) ?? progressReporter(product);
            reporters.set(product, reporter);
            reporter.onProgress(event);
          },
        });
        for (const m of manifests) process.stdout.write(`${m.domain}.${m.product} v${m.version}: ${m.snapshotId} (${m.rowCount} rows)\n`);
      } finally {
        for (const r of reporters.values()) r.stop();
      }
    });
}
