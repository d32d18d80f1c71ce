import { getNamedType, getOperationAST, isObjectType } from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, GraphQLNamedType, GraphQLSchema, SelectionSetNode } from 'graphql';
import type { ProductModel } from '../engine/model/productModel';
import type { FieldRead } from '../engine/usage/usageRequest';
import { apiColumns } from '../engine/model/productModel';

/** What a GraphQL type of the API serves: which product version, and the column behind each field. */
interface ServedType {
  product: string;
  version: number;
  columns: Map<string, string>;
}

/** Suffixes of the aggregate types generated per product version, whose fields are its columns. */
const AGGREGATE_SUFFIXES = ['AggregateKeys', 'Sums', 'Averages', 'Extremes', 'DistinctCounts'];
/** Date grains the aggregate keys add to date and timestamp columns (`orderedAtMonth`). */
const GRAINS = ['Year', 'Month', 'Day'];

/** Maps the generated GraphQL type names of every product version to the product, the version and their columns. */
export type UsageTypeIndex = ReadonlyMap<string, ServedType>;

/**
 * The type index of a set of contracts: each version's entity type (`OrderV2`) and its aggregate types
 * (`OrderV2Sums`, …), with the column behind each field (date grains map to their column).
 */
export function usageTypeIndex(models: readonly ProductModel[]): UsageTypeIndex {
  const index = new Map<string, ServedType>();
  for (const model of models) {
    const columns = new Map<string, string>();
    // A renamed column's deprecated alias counts as a read of the column, under the alias's own field name.
    for (const c of apiColumns(model)) {
      columns.set(c.field, c.name);
      if (c.type === 'date' || c.type === 'timestamp') for (const g of GRAINS) columns.set(`${c.field}${g}`, c.name);
    }
    const served = { product: model.qualified, version: model.version.version, columns };
    for (const name of [model.typeName, ...AGGREGATE_SUFFIXES.map((s) => `${model.typeName}${s}`)]) index.set(name, served);
  }
  return index;
}

/**
 * Every field of a product version the operation selects (through fragments, once each), deduplicated: what a
 * request read, for the usage log. Fields skipped by `@skip`/`@include` count too (the document asked for them).
 * An operation that is not in the document, or types the schema does not know, contribute nothing.
 */
export function fieldsRead(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, index: UsageTypeIndex): FieldRead[] {
  const operation = getOperationAST(document, operationName);
  if (!operation) return [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === 'FragmentDefinition') fragments.set(d.name.value, d);
  const found = new Map<string, FieldRead>();
  const visited = new Set<string>();
  const walk = (set: SelectionSetNode | undefined, type: GraphQLNamedType | null | undefined): void => {
    if (!set || !type || !isObjectType(type)) return walkAbstract(set, type);
    const served = index.get(type.name);
    const defs = type.getFields();
    for (const sel of set.selections) {
      if (sel.kind === 'Field') {
        const name = sel.name.value;
        const def = defs[name];
        if (!def) continue;
        if (served) {
          const key = `${served.product}\u0000${served.version}\u0000${name}`;
          if (!found.has(key)) found.set(key, { product: served.product, version: served.version, field: name, column: served.columns.get(name) ?? null });
        }
        walk(sel.selectionSet, getNamedType(def.type));
      } else if (sel.kind === 'InlineFragment') {
        walk(sel.selectionSet, sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type);
      } else spread(sel.name.value);
    }
  };
  // Interfaces and unions: their fragments name the concrete types.
  const walkAbstract = (set: SelectionSetNode | undefined, type: GraphQLNamedType | null | undefined): void => {
    if (!set || !type) return;
    for (const sel of set.selections) {
      if (sel.kind === 'InlineFragment' && sel.typeCondition) walk(sel.selectionSet, schema.getType(sel.typeCondition.name.value));
      else if (sel.kind === 'FragmentSpread') spread(sel.name.value);
    }
  };
  const spread = (name: string): void => {
    const fragment = fragments.get(name);
    if (!fragment || visited.has(name)) return;
    visited.add(name);
    walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value));
  };
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  walk(operation.selectionSet, root);
  return [...found.values()];
}
