import { getNamedType, isObjectType, isInterfaceType, Kind } from 'graphql';
import type { FragmentDefinitionNode, GraphQLNamedType, GraphQLSchema, OperationDefinitionNode, SelectionSetNode, ValueNode } from 'graphql';

/** What a row estimate needs besides the operation. */
export interface RowEstimateOptions {
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Readonly<Record<string, unknown>>;
  /** Rows a paged field returns when `first` is not given (config `defaultPageSize`). */
  defaultPageSize: number;
}

function firstOf(value: ValueNode | undefined, options: RowEstimateOptions): number {
  if (!value) return options.defaultPageSize;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = options.variables[value.name.value];
    return typeof v === 'number' && Number.isFinite(v) ? v : options.defaultPageSize;
  }
  return options.defaultPageSize;
}

function walk(schema: GraphQLSchema, set: SelectionSetNode, parent: GraphQLNamedType | undefined, multiplier: number, options: RowEstimateOptions, visiting: Set<string>): number {
  let rows = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      const fields = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields() : undefined;
      const def = fields?.[sel.name.value];
      if (!def || !sel.selectionSet) continue;
      // A paged field (one that takes `first`) returns up to `first` rows for every row of its parent.
      const paged = def.args.some((a) => a.name === 'first');
      const here = paged ? multiplier * Math.max(0, firstOf(sel.arguments?.find((a) => a.name.value === 'first')?.value, options)) : multiplier;
      rows += (paged ? here : 0) + walk(schema, sel.selectionSet, getNamedType(def.type), here, options, visiting);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      rows += walk(schema, sel.selectionSet, sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent, multiplier, options, visiting);
    } else {
      const fragment = options.fragments.get(sel.name.value);
      if (!fragment || visiting.has(fragment.name.value)) continue;
      visiting.add(fragment.name.value);
      rows += walk(schema, fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), multiplier, options, visiting);
      visiting.delete(fragment.name.value);
    }
  }
  return rows;
}

/**
 * An upper bound of the rows an operation can ask the subgraphs for: every paged field (one with a `first` argument)
 * counts `first` rows (the default page size when absent) for each row its parents can return, so
 * `customersV1(first: 100) { nodes { ordersV2(first: 5) { … } } }` counts 100 + 100 × 5 = 600.
 */
export function estimateRows(schema: GraphQLSchema, operation: OperationDefinitionNode, options: RowEstimateOptions): number {
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  return walk(schema, operation.selectionSet, root ?? undefined, 1, options, new Set());
}
