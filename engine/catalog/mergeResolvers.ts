import type { SubgraphResolverMap } from '../resolvers/subgraphResolverMap';

/** Resolver maps merged type by type; a later map's field replaces an earlier one's of the same name. */
export function mergeResolvers(...maps: Record<string, unknown>[]): SubgraphResolverMap {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) merged[type] = { ...merged[type], ...(fields as Record<string, unknown>) };
  }
  return merged as SubgraphResolverMap;
}
