import { readFile } from 'node:fs/promises';
import { declaredUrl, readDomainRegistry } from '../../engine/contract/domainRegistry';
import { listDomains } from '../../engine/contract/loadContracts';
import { composeSupergraph } from '../../gateway/composeSupergraph';
import { subgraphSdls } from '../../gateway/subgraphSdls';

describe('schema/supergraph.graphql', () => {
  it('is what composing the current contracts and the platform catalog gives (run `npm run schema:generate`)', async () => {
    const expected = composeSupergraph(await subgraphSdls('schema'));
    const committed = await readFile('schema/supergraph.graphql', 'utf8');
    // Compare line by line first so a stale file shows which part changed.
    expect(committed.split('\n')).toEqual(expected.split('\n'));
  });

  it('names every domain and the platform catalog as subgraphs, each at its address in schema/domains.yaml', async () => {
    const committed = await readFile('schema/supergraph.graphql', 'utf8');
    const graphs = [...committed.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)].map((m) => [m[1], m[2]]);
    const registry = await readDomainRegistry('schema');
    expect(graphs).toEqual(registry.subgraphs.map((s) => [s.name, declaredUrl(s)]).sort((a, b) => a[0]!.localeCompare(b[0]!)));
    expect(graphs.map(([name]) => name)).toEqual([...await listDomains('schema'), 'platform'].sort());
    expect(new Set(graphs.map(([, url]) => url)).size).toBe(graphs.length);
  });
});
