import { readFile, rename, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { composeSupergraph } from './composeSupergraph';
import { subgraphSdls } from './subgraphSdls';

/**
 * Composes the supergraph from the contracts under `schemaDir` and writes it to `file` when it differs.
 * @returns whether the file changed.
 * @throws ContractError for an invalid contract, CompositionError when the subgraphs do not compose.
 */
export async function generateSupergraph(schemaDir: string, file: string): Promise<boolean> {
  const sdl = composeSupergraph(await subgraphSdls(schemaDir));
  const old = await readFile(file, 'utf8').catch(() => undefined);
  if (old === sdl) return false;
  // Written aside and renamed, so a gateway following the file never reads half of it.
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, sdl);
  await rename(tmp, file);
  return true;
}

// `npm run supergraph:generate`: regenerates schema/supergraph.graphql (or TESSERA_SUPERGRAPH_FILE).
if (require.main === module) {
  const schemaDir = process.env.TESSERA_SCHEMA_DIR || 'schema';
  const file = process.env.TESSERA_SUPERGRAPH_FILE || 'schema/supergraph.graphql';
  generateSupergraph(schemaDir, file).then((changed) => {
    console.log(`${changed ? 'wrote    ' : 'unchanged'} ${relative(process.cwd(), file)}`);
  }, (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
