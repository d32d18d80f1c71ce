import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkContracts } from '../../engine/check/checkContracts';
import { checkDomainRegistry, domainRegistryFindings, loadDomainRegistry } from '../../engine/contract/checkDomainRegistry';
import type { ContractFinding } from '../../engine/contract/contractFinding';
import { ContractError } from '../../engine/contract/contractFinding';
import { declaredUrl, parseDomainRegistry } from '../../engine/contract/domainRegistry';
import { subgraphSdls } from '../../gateway/subgraphSdls';
import { PARCELS_YAML } from '../helpers/parcelsContract';

function findingsOf(text: string): ContractFinding[] {
  try {
    parseDomainRegistry('schema/domains.yaml', text);
  } catch (err) {
    if (err instanceof ContractError) return err.findings;
    throw err;
  }
  throw new Error('expected the registry to be rejected');
}

describe('schema/domains.yaml, the registry of subgraph addresses', () => {
  it('declares every domain folder and the platform catalog, each on a port of its own', async () => {
    const registry = await loadDomainRegistry('schema');
    expect(await checkDomainRegistry('schema')).toEqual([]);
    expect(new Set(registry.subgraphs.map((s) => s.port)).size).toBe(registry.subgraphs.length);
    expect(declaredUrl({ name: 'sales', port: 4003 })).toBe('http://127.0.0.1:4003/graphql');
    expect(declaredUrl({ name: 'sales', port: 4003, url: 'http://sales.internal/graphql' })).toBe('http://sales.internal/graphql');
  });

  it('reports schema errors, shared ports and URLs, and duplicate names with file and line', () => {
    const findings = findingsOf([
      'subgraphs:',
      '  sales: { port: 4003 }',
      '  customers: { port: 4003, url: "http://a/graphql" }',
      '  orders: { port: 4005, url: "http://a/graphql" }',
      '  Bad-Name: { port: 4006 }',
      '  billing: { port: "4007", host: x }',
      '  platform: { port: 70000 }',
      '',
    ].join('\n'));
    const by = (rule: string): ContractFinding[] => findings.filter((f) => f.rule === rule);
    expect(by('registry/schema').map((f) => [f.path, f.line])).toEqual(expect.arrayContaining([
      ['/subgraphs/Bad-Name', 5], ['/subgraphs/billing', 6], ['/subgraphs/billing/port', 6], ['/subgraphs/platform/port', 7],
    ]));
    expect(findings.find((f) => f.path === '/subgraphs/Bad-Name')?.message).toMatch(/expected a subgraph name in snake_case.*"Bad-Name"/);
    expect(findings.find((f) => f.path === '/subgraphs/billing' && f.rule === 'registry/schema')?.message).toMatch(/unexpected property "host"/);
    expect(findingsOf('subgraphs:\n  sales: { port: 4003 }\n  customers: { port: 4003, url: "http://a/graphql" }\n  orders: { port: 4005, url: "http://a/graphql" }\n'))
      .toEqual([
        { file: 'schema/domains.yaml', path: '/subgraphs/customers/port', line: 3, rule: 'registry/duplicate_port', message: 'expected a port of its own, found 4003, already declared for "sales"' },
        { file: 'schema/domains.yaml', path: '/subgraphs/orders/url', line: 4, rule: 'registry/duplicate_url', message: 'expected a URL of its own, found http://a/graphql, already declared for "customers"' },
      ]);
    expect(findingsOf('subgraphs:\n  sales: { port: 4003 }\n  sales: { port: 4004 }\n')[0]).toMatchObject({ rule: 'yaml', line: 3 });
    expect(findingsOf('subgraphs: {}\n')[0]).toMatchObject({ rule: 'registry/schema', path: '/subgraphs' });
  });

  it('finds a domain folder without an entry (suggesting a free port), an entry without a folder, and no platform entry', () => {
    const registry = parseDomainRegistry('schema/domains.yaml', 'subgraphs:\n  sales: { port: 4003 }\n  billing: { port: 4009 }\n');
    expect(domainRegistryFindings(registry, ['logistics', 'platform', 'sales']).map((f) => [f.rule, f.line, f.message])).toEqual([
      ['registry/missing_domain', 1, 'expected an entry for the domain in schema/logistics/, found none; add "logistics: { port: 4010 }" (a port no other subgraph uses)'],
      ['registry/reserved_name', undefined, 'expected no domain folder named "platform" (the platform catalog\'s subgraph), found schema/platform/'],
      ['registry/unknown_domain', 3, 'expected a domain folder schema/billing/ with contracts for this entry, found none'],
      ['registry/missing_platform', 1, 'expected an entry for the platform catalog "platform", found none'],
    ]);
  });

  describe('in a copy of the schema folder', () => {
    let schema: string;
    beforeEach(async () => {
      schema = await mkdtemp(join(tmpdir(), 'tessera-registry-'));
      await cp('schema', schema, { recursive: true });
      await mkdir(join(schema, 'logistics'));
      await writeFile(join(schema, 'logistics', 'parcels.yaml'), PARCELS_YAML);
    });
    afterEach(async () => {
      await rm(schema, { recursive: true, force: true });
    });

    it('tessera check refuses a new domain folder without an entry, and composition stops on it', async () => {
      const { findings } = await checkContracts(schema);
      expect(findings.map((f) => f.message)).toEqual([
        expect.stringMatching(/^expected an entry for the domain in schema\/logistics\/, found none; add "logistics: \{ port: \d+ \}"/),
      ]);
      await expect(subgraphSdls(schema)).rejects.toThrow(/domains\.yaml:1 \/subgraphs: expected an entry for the domain in schema\/logistics\//);
    });

    it('adding a domain with its own entry changes no other subgraph\'s address', async () => {
      const before = new Map((await subgraphSdls('schema')).map((s) => [s.name, s.url]));
      const registry = join(schema, 'domains.yaml');
      await writeFile(registry, `${await readFile(registry, 'utf8')}  logistics: { port: 4010 }\n`);
      expect(await checkDomainRegistry(schema)).toEqual([]);
      const after = new Map((await subgraphSdls(schema)).map((s) => [s.name, s.url]));
      expect(after.get('logistics')).toBe('http://127.0.0.1:4010/graphql');
      after.delete('logistics');
      expect(after).toEqual(before);
    });
  });
});
