import { apiColumns } from '../model/productModel';
import type { SubgraphResolverMap } from './subgraphResolverMap';
import type { QueryEngine } from '../queryEngine/queryEngine';
import { columnField, needsColumnField } from './columnField';
import { connectionResolvers } from './connectionResolvers';
import { aggregateResolver, changesResolver, listResolver, lookupResolver, referenceFieldResolver, referenceResolver, reverseRelationResolver } from './queryFieldResolvers';
import { SCALARS } from './scalars';

type Resolvers = Record<string, unknown>;

/**
 * The resolver map of a domain subgraph, generated from the same model as its SDL: query fields, connection types,
 * entity references, pii guards, reference fields and reverse relations.
 */
export function buildResolvers(engine: QueryEngine): SubgraphResolverMap {
  const { domain } = engine;
  const map: Record<string, Resolvers> = { ...SCALARS } as unknown as Record<string, Resolvers>;
  const type = (name: string): Resolvers => (map[name] ??= {});
  const query = type('Query');
  for (const model of domain.products) {
    query[model.listField] = listResolver(engine, model);
    query[model.lookupField] = lookupResolver(engine, model);
    query[model.aggregateField] = aggregateResolver(engine, model);
    query[model.changesField] = changesResolver(engine, model);
    Object.assign(type(`${model.typeName}ChangeConnection`), connectionResolvers);
    Object.assign(type(`${model.typeName}Connection`), connectionResolvers);
    const entity = type(model.typeName);
    entity.__resolveReference = referenceResolver(engine, model);
    for (const c of apiColumns(model).filter(needsColumnField)) entity[c.field] = columnField(c);
  }
  for (const ref of domain.references) {
    type(ref.from.typeName)[ref.field] = referenceFieldResolver(engine, ref);
    const target = type(ref.target.typeName);
    target[ref.reverseField] = reverseRelationResolver(engine, ref);
    // Another domain's entity: this subgraph only adds relations to it, so a representation resolves to itself.
    if (ref.target.contract.domain !== domain.domain) target.__resolveReference = (reference: unknown) => reference;
  }
  return map as unknown as SubgraphResolverMap;
}
