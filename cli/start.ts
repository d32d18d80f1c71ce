/**
 * `npm start`: the whole hub on this machine, no Docker, no cloud.
 * 1. Publishes the sample domains into the store (./data by default), with progress: every sample product version
 *    without a committed snapshot, so a first run interrupted half-way finishes on the next start.
 * 2. Regenerates the committed SDL (schema/<domain>/subgraph.graphql, schema/supergraph.graphql) when the contracts
 *    changed, so adding a contract and restarting makes the new product queryable (commit the regenerated files).
 * 3. Starts the generic subgraph runner once per domain plus the platform catalog, then the gateway (default port 4000).
 * 4. Prints the URLs and a first query; Ctrl-C stops everything.
 * Environment: everything engine/config.ts and gateway/gatewayConfig.ts read, plus TESSERA_SAMPLE_SCALE (orders in
 * the sample data, default the generator's). Every subgraph listens on its port from schema/domains.yaml;
 * TESSERA_SUBGRAPH_PORT=0 lets every one pick a free port instead.
 */
import { randomBytes } from 'node:crypto';
import { relative } from 'node:path';
import { progressReporter } from './progressReporter';
import { loadDomainRegistry } from '../engine/contract/checkDomainRegistry';
import { listDomains, loadContracts } from '../engine/contract/loadContracts';
import { generateSampleData } from '../engine/sample/generateSampleData';
import { unpublishedSampleVersions } from '../engine/sample/unpublishedSampleVersions';
import { SnapshotReader } from '../engine/snapshot/snapshotReader';
import { openStore } from '../engine/storage/openStore';
import { readGatewayConfig } from '../gateway/gatewayConfig';
import { regenerateSchema } from '../gateway/regenerateSchema';
import { startHub } from './startHub';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';
// A fresh secret per run, shared with the subgraph processes it starts: nobody else on this machine can sign for them.
process.env.TESSERA_GATEWAY_SECRET ||= randomBytes(32).toString('hex');
// Quiet JSON logs for a terminal session unless asked otherwise; warnings and errors still show.
process.env.TESSERA_LOG_LEVEL ||= 'warn';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function publishMissingSamples(config: ReturnType<typeof readGatewayConfig>): Promise<void> {
  const store = openStore(config.store, { endpoint: config.s3Endpoint, forcePathStyle: config.s3ForcePathStyle });
  const only = await unpublishedSampleVersions(new SnapshotReader(store), await loadContracts(config.schemaDir));
  if (!only.length) return;
  const raw = process.env.TESSERA_SAMPLE_SCALE;
  if (raw !== undefined && !/^[1-9][0-9]*$/.test(raw)) throw new Error(`TESSERA_SAMPLE_SCALE: expected a positive whole number, got "${raw}"`);
  say(`The store ${relative(process.cwd(), config.store) || config.store} has no snapshot of ${only.length} sample product ` +
    `version(s): publishing ${only.map((r) => `${r.domain}.${r.product} v${r.version}`).join(', ')}.`);
  const reporters = new Map<string, ReturnType<typeof progressReporter>>();
  try {
    const manifests = await generateSampleData({
      store, schemaDir: config.schemaDir, scale: raw ? Number(raw) : undefined, only,
      duckdb: { threads: config.duckdbThreads, memoryLimit: config.duckdbMemoryLimit },
      onProgress: (product, event) => {
        const reporter = reporters.get(product) ?? progressReporter(product);
        reporters.set(product, reporter);
        reporter.onProgress(event);
      },
    });
    for (const m of manifests) say(`  published ${m.domain}.${m.product} v${m.version}: ${m.rowCount} rows (snapshot ${m.snapshotId})`);
  } finally {
    for (const r of reporters.values()) r.stop();
  }
}

async function regenerateCommittedSchema(config: ReturnType<typeof readGatewayConfig>): Promise<void> {
  for (const file of await regenerateSchema(config.schemaDir, config.supergraphFile)) {
    say(`Contracts changed: regenerated ${relative(process.cwd(), file)} (commit it).`);
  }
}

async function main(): Promise<void> {
  const config = readGatewayConfig();
  // Before anything is published: a domain without a declared address stops here, with the registry's file and line.
  await loadDomainRegistry(config.schemaDir);
  await publishMissingSamples(config);
  await regenerateCommittedSchema(config);
  const domains = await listDomains(config.schemaDir);
  say(`Starting ${domains.length} domain subgraph(s) (${domains.join(', ')}), the platform catalog and the monitor…`);
  if (config.subgraphPort !== undefined && config.subgraphPort !== 0) {
    throw new Error(`TESSERA_SUBGRAPH_PORT: expected 0 (every subgraph on a free port) or unset (each on its port in schema/domains.yaml) for npm start, got "${config.subgraphPort}"`);
  }
  const hub = await startHub({ env: process.env, domains, gateway: 'in-process', monitor: true });
  let stopping = false;
  const shutdown = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say('\nStopping the gateway, the monitor and the subgraphs…');
    await hub.stop();
    say('Stopped.');
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  hub.subgraphs?.onUnexpectedExit((name, code) => {
    process.stderr.write(`subgraph ${name} exited unexpectedly (code ${code}); stopping.\n`);
    void shutdown(1);
  });
  hub.monitor?.child.once('exit', (code) => {
    if (stopping) return;
    process.stderr.write(`the monitor exited unexpectedly (code ${code}); stopping.\n`);
    void shutdown(1);
  });
  const origin = hub.gatewayUrl.replace(/\/graphql$/, '');
  say('');
  say(`Tessera is running.`);
  say(`  GraphiQL (open in a browser): ${origin}/`);
  say(`  Data health page:             ${origin}/catalog`);
  say(`  GraphQL endpoint:             ${hub.gatewayUrl}`);
  say(`  Health and metrics:           ${origin}/livez  ${origin}/readyz  ${origin}/metrics`);
  for (const [name, url] of Object.entries(hub.subgraphUrls)) say(`  subgraph ${name.padEnd(10)}          ${url}`);
  if (hub.monitor) say(`  Monitor metrics:              ${hub.monitor.url}/metrics  (owners and alerts: docs/governance.md)`);
  say('');
  say('A first query to try (GraphiQL opens with a catalog query; this one crosses two domains):');
  say(`  curl -s ${hub.gatewayUrl} -H 'content-type: application/json' \\`);
  say(`    -d '{"query":"{ ordersV2(first: 3) { nodes { orderId amountCents customer { name country } } } }"}'`);
  say('');
  say('Press Ctrl-C to stop.');
}

main().catch((err: unknown) => {
  process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
