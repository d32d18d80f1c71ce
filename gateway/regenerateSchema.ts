import { readFile, rename, writeFile } from 'node:fs/promises';
import { expectedSubgraphSdlFiles } from '../engine/sdl/subgraphSdlFiles';
import { composeSupergraph } from './composeSupergraph';
import { subgraphSdls } from './subgraphSdls';

/** Writes `text` to `file` when it differs, aside and renamed, so a process following the file never reads half. */
async function writeIfChanged(file: string, text: string): Promise<boolean> {
  if ((await readFile(file, 'utf8').catch(() => undefined)) === text) return false;
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
  return true;
}

/**
 * The one regeneration of the committed SDL from the contracts under `schemaDir`: every domain's
 * `<schemaDir>/<domain>/subgraph.graphql`, then the supergraph composed from them and the platform catalog, at
 * `supergraphFile`. Used by `npm run schema:generate`, `npm start` and the tests that add a domain.
 * @returns the files that changed, in the order written (the supergraph last).
 * @throws ContractError for an invalid contract or registry, CompositionError when the subgraphs do not compose
 * (then no supergraph is written and the one in place stays).
 */
export async function regenerateSchema(schemaDir: string, supergraphFile: string): Promise<string[]> {
  const changed: string[] = [];
  for (const [path, sdl] of await expectedSubgraphSdlFiles(schemaDir)) {
    if (await writeIfChanged(path, sdl)) changed.push(path);
  }
  if (await writeIfChanged(supergraphFile, composeSupergraph(await subgraphSdls(schemaDir)))) changed.push(supergraphFile);
  return changed;
}
