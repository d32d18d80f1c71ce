import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

/** One subgraph's SDL as composition takes it. */
export interface SubgraphSdl {
  name: string;
  sdl: string;
  /** Where the gateway reaches it, recorded in the supergraph. @default {@link placeholderUrl} */
  url?: string;
}

/** Thrown when the subgraphs do not compose; the message lists every composition error. */
export class CompositionError extends Error {
  constructor(readonly errors: string[]) {
    super(`expected the subgraphs to compose into a supergraph, got ${errors.length} error(s):\n${errors.map((e) => `  - ${e}`).join('\n')}`);
    this.name = 'CompositionError';
  }
}

/**
 * The URL a supergraph records for a subgraph composed without one (tests, ad-hoc compositions): an address that
 * never resolves, so such a subgraph is only reached through `TESSERA_SUBGRAPH_URLS`. The hub's own supergraph
 * records each subgraph's declared address from `schema/domains.yaml` instead.
 */
export function placeholderUrl(name: string): string {
  return `http://${name}.subgraph.invalid/`;
}

/**
 * Composes subgraphs into a supergraph SDL in-process with `@apollo/composition` (Federation 2), recording each
 * one's URL. Subgraphs are composed in name order, so the output depends only on their SDLs and URLs.
 * @throws CompositionError listing what did not compose.
 */
export function composeSupergraph(subgraphs: readonly SubgraphSdl[]): string {
  const sorted = [...subgraphs].sort((a, b) => a.name.localeCompare(b.name));
  const result = composeServices(sorted.map((s) => ({ name: s.name, url: s.url ?? placeholderUrl(s.name), typeDefs: parse(s.sdl) })));
  if (result.errors) throw new CompositionError(result.errors.map((e) => e.message));
  return `${result.supergraphSdl.trimEnd()}\n`;
}
