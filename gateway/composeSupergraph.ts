import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

/** One subgraph's SDL as composition takes it. */
export interface SubgraphSdl {
  name: string;
  sdl: string;
}

/** Thrown when the subgraphs do not compose; the message lists every composition error. */
export class CompositionError extends Error {
  constructor(readonly errors: string[]) {
    super(`expected the subgraphs to compose into a supergraph, got ${errors.length} error(s):\n${errors.map((e) => `  - ${e}`).join('\n')}`);
    this.name = 'CompositionError';
  }
}

/**
 * The URL the committed supergraph records for a subgraph. It is a placeholder on purpose: the gateway maps
 * subgraph names to URLs from its configuration at run time (`TESSERA_SUBGRAPH_URLS`), so the file is the same in
 * every environment. (Apollo Router users override it with `override_subgraph_url`.)
 */
export function placeholderUrl(name: string): string {
  return `http://${name}.subgraph.invalid/`;
}

/**
 * Composes subgraphs into a supergraph SDL in-process with `@apollo/composition` (Federation 2). Subgraphs are
 * composed in name order, so the output depends only on their SDLs.
 * @throws CompositionError listing what did not compose.
 */
export function composeSupergraph(subgraphs: readonly SubgraphSdl[]): string {
  const sorted = [...subgraphs].sort((a, b) => a.name.localeCompare(b.name));
  const result = composeServices(sorted.map((s) => ({ name: s.name, url: placeholderUrl(s.name), typeDefs: parse(s.sdl) })));
  if (result.errors) throw new CompositionError(result.errors.map((e) => e.message));
  return `${result.supergraphSdl.trimEnd()}\n`;
}
