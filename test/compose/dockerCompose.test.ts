import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseDomainRegistry } from '../../engine/contract/domainRegistry';

// Docker cannot run here, so this test reads docker-compose.yml and the Dockerfile and checks that everything they
// name exists in the project: files run, CLI commands, environment variables read by the configuration, and the
// dependency graph with health conditions; and that it runs one service per entry of schema/domains.yaml, on the
// port the registry declares.

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const ours = Object.entries(services).filter(([, s]) => s.build === '.');

/** Every TESSERA_* variable some configuration reader mentions. */
const readers = ['engine/config.ts', 'gateway/gatewayConfig.ts', 'engine/server/runSubgraphProcess.ts'];
const knownVariables = new Set(readers.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\b(TESSERA_[A-Z0-9_]+|NODE_ENV)\b/g)].map((m) => m[1]!)));
/** Read by the AWS SDK itself (engine/storage/s3Store.ts uses its default credential chain and region). */
const awsVariables = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL']);
const registry = parseDomainRegistry('schema/domains.yaml', readFileSync('schema/domains.yaml', 'utf8'));
const subgraphs = registry.subgraphs.map((s) => s.name).sort();
const cliCommands = new Set(readdirSync('cli').flatMap((f) => [...readFileSync(join('cli', f), 'utf8').matchAll(/\.command\('([a-z-]+)'\)/g)].map((m) => m[1]!)));

describe('docker-compose.yml', () => {
  it('has MinIO with a healthcheck, a bucket and sample-data one-shot, one service per registry entry and the gateway', () => {
    expect(services.minio?.healthcheck?.test).toBeDefined();
    expect(subgraphs).toEqual(expect.arrayContaining(['customers', 'platform', 'sales']));
    expect(Object.keys(services).filter((n) => n.startsWith('subgraph-')).sort()).toEqual(subgraphs.map((n) => `subgraph-${n}`));
    for (const { name, port } of registry.subgraphs) {
      const service = services[`subgraph-${name}`];
      expect(service?.command).toEqual(['node', '--require', 'tsx/cjs', 'cli/subgraph.ts', name]);
      // The declared port: the process reads it from the registry, so no service overrides it.
      expect([name, service?.environment?.TESSERA_SUBGRAPH_PORT]).toEqual([name, undefined]);
      expect([name, service?.healthcheck?.test?.join(' ')]).toEqual([name, expect.stringContaining(`http://127.0.0.1:${port}/healthz`)]);
      expect(service?.depends_on).toEqual({ minio: { condition: 'service_healthy' }, 'sample-data': { condition: 'service_completed_successfully' } });
    }
    expect(services['sample-data']?.depends_on).toEqual({ 'create-bucket': { condition: 'service_completed_successfully' } });
    expect(services['create-bucket']?.depends_on).toEqual({ minio: { condition: 'service_healthy' } });
    expect(Object.entries(services.gateway?.depends_on ?? {}).sort()).toEqual(subgraphs.map((n) => [`subgraph-${n}`, { condition: 'service_healthy' }]));
  });

  it('runs only files and CLI commands that exist', () => {
    for (const [name, service] of ours) {
      const words = (service.command ?? []).join(' ').split(/[\s;|&]+/);
      for (const file of words.filter((w) => /\.(ts|js)$/.test(w))) expect([name, file, existsSync(file)]).toEqual([name, file, true]);
      words.forEach((w, i) => {
        if (w === 'cli/tessera.js') expect([name, words[i + 1], cliCommands.has(words[i + 1] ?? '')]).toEqual([name, words[i + 1], true]);
      });
      for (const module of words.filter((_w, i) => words[i - 1] === '--require')) expect(() => require.resolve(module)).not.toThrow();
    }
  });

  it('sets only environment variables the configuration reads', () => {
    for (const [name, service] of ours) {
      for (const variable of Object.keys(service.environment ?? {})) {
        const known = knownVariables.has(variable) || awsVariables.has(variable);
        expect([name, variable, known]).toEqual([name, variable, true]);
      }
    }
  });

  it('points the gateway at every subgraph service by name on its declared port and waits for it', () => {
    const urls = services.gateway!.environment!.TESSERA_SUBGRAPH_URLS!.split(',').map((e) => e.split('='));
    expect(urls.map(([n]) => n).sort()).toEqual(subgraphs);
    for (const [n, url] of urls) {
      expect(url).toBe(`http://subgraph-${n}:${registry.subgraphs.find((s) => s.name === n)!.port}/graphql`);
    }
  });
});

describe('Dockerfile', () => {
  it('copies folders that exist and runs the gateway by default', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    const sources = [...dockerfile.matchAll(/^COPY (.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) expect([source, existsSync(source)]).toEqual([source, true]);
    expect(dockerfile).toMatch(/CMD \["node", "--require", "tsx\/cjs", "gateway\/index.ts"\]/);
    expect(existsSync('gateway/index.ts')).toBe(true);
  });
});
