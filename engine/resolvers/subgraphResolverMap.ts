import type { buildSubgraphSchema } from '@apollo/subgraph';

/** The schema module `buildSubgraphSchema` takes, derived from its public signature. */
type SchemaModule = Extract<Extract<Parameters<typeof buildSubgraphSchema>[0], readonly unknown[]>[number], { typeDefs: unknown }>;

/**
 * Resolvers by type and field, as `buildSubgraphSchema` takes them. `@apollo/subgraph` exports this type only from
 * its `dist/` folder, whose layout is not part of its API; deriving it from the public signature keeps a package
 * update from breaking the import.
 */
export type SubgraphResolverMap = NonNullable<SchemaModule['resolvers']>;
