import type { FragmentDefinitionNode, SelectionSetNode, ValueNode } from 'graphql';
import { Kind, getOperationAST, parse } from 'graphql';
import type { ProductModel } from '../engine/model/productModel';

/** A root field's explicit snapshot choice: the product version it reads and its `snapshot` or `asOf` argument. */
export interface TravelArgument {
  model: ProductModel;
  snapshot?: string;
  asOf?: string;
}

/** One GraphQL request as the gateway's HTTP layer read it. */
export interface OperationText {
  query: string;
  variables?: unknown;
  operationName?: unknown;
}

function valueOf(node: ValueNode, variables: Record<string, unknown>, defaults: Map<string, ValueNode>): unknown {
  if (node.kind === Kind.STRING) return node.value;
  if (node.kind === Kind.VARIABLE) {
    const name = node.name.value;
    if (Object.hasOwn(variables, name)) return variables[name];
    const fallback = defaults.get(name);
    return fallback ? valueOf(fallback, {}, new Map()) : undefined;
  }
  return undefined;
}

/**
 * The `snapshot` and `asOf` arguments of the root fields of a request's operation that read a product version (list,
 * lookup and aggregate fields, through fragments and aliases too), with variables applied. A document that does not
 * parse, or names no operation it holds, has none: Apollo Server refuses it with its own error.
 */
export function travelArguments(operation: OperationText, byField: ReadonlyMap<string, ProductModel>): TravelArgument[] {
  // Most requests never travel: do not parse their documents twice.
  if (!/\b(asOf|snapshot)\b/.test(operation.query)) return [];
  let document;
  try {
    document = parse(operation.query);
  } catch {
    return [];
  }
  const chosen = getOperationAST(document, typeof operation.operationName === 'string' ? operation.operationName : undefined);
  if (!chosen || chosen.operation !== 'query') return [];
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
    .map((f) => [f.name.value, f]));
  const variables = (operation.variables && typeof operation.variables === 'object' ? operation.variables : {}) as Record<string, unknown>;
  const defaults = new Map<string, ValueNode>();
  for (const v of chosen.variableDefinitions ?? []) if (v.defaultValue) defaults.set(v.variable.name.value, v.defaultValue);
  const found: TravelArgument[] = [];
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode): void => {
    for (const s of set.selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
      else if (s.kind === Kind.FRAGMENT_SPREAD) {
        const f = fragments.get(s.name.value);
        if (f && !seen.has(f.name.value)) {
          seen.add(f.name.value);
          visit(f.selectionSet);
        }
      } else {
        const model = byField.get(s.name.value);
        if (!model) continue;
        const arg: TravelArgument = { model };
        for (const a of s.arguments ?? []) {
          if (a.name.value !== 'snapshot' && a.name.value !== 'asOf') continue;
          const value = valueOf(a.value, variables, defaults);
          if (typeof value === 'string') arg[a.name.value] = value;
        }
        if (arg.snapshot !== undefined || arg.asOf !== undefined) found.push(arg);
      }
    }
  };
  visit(chosen.selectionSet);
  return found;
}
