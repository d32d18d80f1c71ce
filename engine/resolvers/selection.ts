import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * The fields selected directly in a selection set, through fragments and inline fragments (those on `typeName`
 * or without a type condition). Fields are returned with their nodes so callers can descend.
 */
export function selectedFields(info: GraphQLResolveInfo, sets: readonly (SelectionSetNode | undefined)[], typeName?: string): FieldNode[] {
  const out: FieldNode[] = [];
  const visit = (set: SelectionSetNode | undefined, depth: number): void => {
    if (!set || depth > 20) return;
    for (const sel of set.selections) {
      if (sel.kind === 'Field') out.push(sel);
      else if (sel.kind === 'InlineFragment') {
        if (!typeName || !sel.typeCondition || sel.typeCondition.name.value === typeName) visit(sel.selectionSet, depth + 1);
      } else {
        const fragment: FragmentDefinitionNode | undefined = info.fragments[sel.name.value];
        if (fragment && (!typeName || fragment.typeCondition.name.value === typeName)) visit(fragment.selectionSet, depth + 1);
      }
    }
  };
  for (const set of sets) visit(set, 0);
  return out;
}

/**
 * Selections computed once per field of an operation: graphql-js hands every item of a list (each of the 1,000
 * entities of one `_entities` fetch, each row's reference field) the same `fieldNodes` array, so the set of names
 * is computed for the first item and shared by the rest. Keyed weakly: it lives as long as the request's execution.
 */
const selections = new WeakMap<readonly FieldNode[], Map<string, ReadonlySet<string>>>();

function memoised(info: GraphQLResolveInfo, kind: string, compute: () => Set<string>): ReadonlySet<string> {
  let byKind = selections.get(info.fieldNodes);
  if (!byKind) selections.set(info.fieldNodes, (byKind = new Map()));
  let names = byKind.get(kind);
  if (!names) byKind.set(kind, (names = compute()));
  return names;
}

/** Names of the fields selected on the resolved field itself (a lookup, an entity). */
export function fieldNames(info: GraphQLResolveInfo, typeName?: string): ReadonlySet<string> {
  return memoised(info, `fields|${typeName ?? ''}`,
    () => new Set(selectedFields(info, info.fieldNodes.map((f) => f.selectionSet), typeName).map((f) => f.name.value)));
}

/** Field nodes selected under the resolved field's child `name` (e.g. `sum { … }`). */
export function childFields(info: GraphQLResolveInfo, name: string): FieldNode[] {
  return selectedFields(info, info.fieldNodes.map((f) => f.selectionSet)).filter((f) => f.name.value === name);
}

/** Names of the entity fields selected in a connection: under `nodes { … }` and `edges { node { … } }`. */
export function connectionNodeFields(info: GraphQLResolveInfo): ReadonlySet<string> {
  return memoised(info, 'nodes', () => nodeFieldsOf(info));
}

/** The fields selected on a connection's entities: under `nodes { … }` and `edges { node { … } }`. */
function nodeSelections(info: GraphQLResolveInfo): FieldNode[] {
  const top = selectedFields(info, info.fieldNodes.map((f) => f.selectionSet));
  const nodes = top.filter((f) => f.name.value === 'nodes');
  const edgeNodes = selectedFields(info, top.filter((f) => f.name.value === 'edges').map((f) => f.selectionSet)).filter((f) => f.name.value === 'node');
  return selectedFields(info, [...nodes, ...edgeNodes].map((f) => f.selectionSet));
}

function nodeFieldsOf(info: GraphQLResolveInfo): Set<string> {
  return new Set(nodeSelections(info).map((f) => f.name.value));
}

/** Whether the connection selects `totalCount`. */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  return selectedFields(info, info.fieldNodes.map((f) => f.selectionSet)).some((f) => f.name.value === name);
}

/** Names of the entity fields selected under `before { … }` and `after { … }` of a change connection's nodes. */
export function changeRowFields(info: GraphQLResolveInfo): Set<string> {
  const sides = nodeSelections(info).filter((f) => f.name.value === 'before' || f.name.value === 'after');
  return new Set(selectedFields(info, sides.map((f) => f.selectionSet)).map((f) => f.name.value));
}
