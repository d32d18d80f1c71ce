import { readFile } from 'node:fs/promises';
import { composeSupergraph } from '../../gateway/composeSupergraph';
import { subgraphSdls } from '../../gateway/subgraphSdls';

describe('schema/supergraph.graphql', () => {
  it('is what composing the current contracts and the platform catalog gives (run `npm run supergraph:generate`)', async () => {
    const expected = composeSupergraph(await subgraphSdls('schema'));
    const committed = await readFile('schema/supergraph.graphql', 'utf8');
    // Compare line by line first so a stale file shows which part changed.
    expect(committed.split('\n')).toEqual(expected.split('\n'));
  });

  it('names every domain and the platform catalog as subgraphs, with placeholder URLs only', async () => {
    const committed = await readFile('schema/supergraph.graphql', 'utf8');
    const graphs = [...committed.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)].map((m) => [m[1], m[2]]);
    expect(graphs).toEqual([
      ['catalog', 'http://catalog.subgraph.invalid/'], ['customers', 'http://customers.subgraph.invalid/'],
      ['platform', 'http://platform.subgraph.invalid/'], ['sales', 'http://sales.subgraph.invalid/'],
    ]);
  });
});
