import { askSubgraph } from './askSubgraph';
import { composeSupergraph } from './composeSupergraph';
import type { SubgraphSdl } from './composeSupergraph';
import { diffSupergraphs } from './supergraphDiff';

/** The outcome of comparing a supergraph with what the running subgraphs serve. */
export type SupergraphCheck =
  | { verdict: 'match' }
  | { verdict: 'stale'; message: string; subgraphs: string[] }
  | { verdict: 'inconclusive'; unreachable: string[] };

/** Asks one subgraph for the SDL it serves (`{ _service { sdl } }`), signed like every gateway request. */
async function servedSdl(url: string, secret: string, timeoutMs: number): Promise<string> {
  const { status, body } = await askSubgraph(url, secret, '{ _service { sdl } }', timeoutMs);
  const sdl = (body as { data?: { _service?: { sdl?: string } } }).data?._service?.sdl;
  if (status !== 200 || typeof sdl !== 'string') throw new Error(`HTTP ${status} without an SDL`);
  return sdl;
}

/**
 * Checks a supergraph against the subgraphs actually running: composes what they serve and compares. A supergraph
 * composed from other contracts than the ones the subgraphs were started with is `stale` (serving it would send
 * subgraphs operations they cannot answer). When a subgraph cannot be asked the check is `inconclusive`.
 */
export async function checkSupergraph(
  supergraphSdl: string,
  subgraphs: readonly { name: string; url: string }[],
  secret: string,
  timeoutMs = 5000,
): Promise<SupergraphCheck> {
  const served: SubgraphSdl[] = [];
  const unreachable: string[] = [];
  await Promise.all(subgraphs.map(async ({ name, url }) => {
    try {
      served.push({ name, sdl: await servedSdl(url, secret, timeoutMs) });
    } catch {
      unreachable.push(name);
    }
  }));
  if (unreachable.length) return { verdict: 'inconclusive', unreachable: unreachable.sort() };
  let composed: string;
  try {
    composed = composeSupergraph(served);
  } catch (err) {
    return { verdict: 'stale', message: `the running subgraphs do not compose: ${(err as Error).message}`, subgraphs: subgraphs.map((s) => s.name) };
  }
  const diff = diffSupergraphs(supergraphSdl, composed);
  if (!diff.coordinates.length) return { verdict: 'match' };
  const shown = diff.coordinates.slice(0, 10).join(', ') + (diff.coordinates.length > 10 ? `, … (${diff.coordinates.length} in all)` : '');
  return {
    verdict: 'stale',
    subgraphs: diff.subgraphs,
    message: `expected the supergraph to match what subgraph(s) ${diff.subgraphs.join(', ')} serve, but it differs at ${shown}; ` +
      'regenerate it from the same contracts (npm run schema:generate) or restart the subgraphs',
  };
}
