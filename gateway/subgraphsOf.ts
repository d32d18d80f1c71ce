import { Kind, parse } from 'graphql';

/** A subgraph as a supergraph records it. */
export interface RecordedSubgraph {
  name: string;
  /** The URL composition recorded for it (`@join__graph(url:)`): its declared address. */
  url: string;
}

/**
 * The subgraphs a supergraph SDL composes, with the URL it records for each, sorted by name.
 * @throws GraphQLError when the SDL does not parse.
 */
export function subgraphsOf(supergraphSdl: string): RecordedSubgraph[] {
  const out: RecordedSubgraph[] = [];
  for (const def of parse(supergraphSdl).definitions) {
    if (def.kind !== Kind.ENUM_TYPE_DEFINITION || def.name.value !== 'join__Graph') continue;
    for (const value of def.values ?? []) {
      const args = value.directives?.find((d) => d.name.value === 'join__graph')?.arguments ?? [];
      const arg = (n: string): string | undefined => {
        const v = args.find((a) => a.name.value === n)?.value;
        return v?.kind === Kind.STRING ? v.value : undefined;
      };
      const name = arg('name');
      if (name !== undefined) out.push({ name, url: arg('url') ?? '' });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
