/**
 * `npm run schema:generate`: regenerates the committed SDL from the contracts, every
 * `schema/<domain>/subgraph.graphql` and `schema/supergraph.graphql` (TESSERA_SCHEMA_DIR, TESSERA_SUPERGRAPH_FILE),
 * and names each file it wrote.
 */
import { relative } from 'node:path';
import { readGatewayConfig } from '../gateway/gatewayConfig';
import { regenerateSchema } from '../gateway/regenerateSchema';

async function main(): Promise<void> {
  const config = readGatewayConfig();
  const changed = await regenerateSchema(config.schemaDir, config.supergraphFile);
  for (const file of changed) console.log(`wrote ${relative(process.cwd(), file)}`);
  if (!changed.length) console.log('unchanged: the committed SDL is what the contracts give');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
