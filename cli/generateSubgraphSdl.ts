/** `npm run schema:generate`: writes each domain's subgraph SDL to `schema/<domain>/subgraph.graphql`. */
import { readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { readConfig } from '../engine/config';
import { expectedSubgraphSdlFiles } from '../engine/sdl/subgraphSdlFiles';

async function main(): Promise<void> {
  const files = await expectedSubgraphSdlFiles(readConfig().schemaDir);
  for (const [path, sdl] of files) {
    const old = await readFile(path, 'utf8').catch(() => undefined);
    if (old !== sdl) await writeFile(path, sdl);
    console.log(`${old === sdl ? 'unchanged' : 'wrote    '} ${relative(process.cwd(), path)}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
