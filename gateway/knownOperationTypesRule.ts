import { GraphQLError } from 'graphql';
import type { ASTVisitor, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';

/**
 * The only mutations the hub serves: a key holder's own webhook subscriptions (on the platform subgraph). Every other
 * mutation a composed subgraph might declare is refused here, deliberately: data is read-only.
 */
const ALLOWED_MUTATIONS: ReadonlySet<string> = new Set(['subscribeWebhook', 'deleteWebhookSubscription']);

/** The root fields a selection set selects, through fragments (each spread once). */
function rootFields(context: ValidationContext, set: SelectionSetNode, seen = new Set<string>()): string[] {
  return set.selections.flatMap((sel) => {
    if (sel.kind === 'Field') return [sel.name.value];
    if (sel.kind === 'InlineFragment') return rootFields(context, sel.selectionSet, seen);
    if (seen.has(sel.name.value)) return [];
    seen.add(sel.name.value);
    const fragment = context.getFragment(sel.name.value);
    return fragment ? rootFields(context, fragment.selectionSet, seen) : [];
  });
}

/**
 * A validation rule refusing operations whose type the schema has no root for (graphql-js 16 lets
 * `mutation { … }` through validation when there is no Mutation type, and execution then fails as a server error),
 * subscriptions, and mutations selecting anything but {@link ALLOWED_MUTATIONS} (and `__typename`).
 */
export function knownOperationTypesRule(): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const root = context.getSchema().getRootType(node.operation);
      if (root && node.operation === 'query') return;
      if (root && node.operation === 'mutation') {
        const refused = rootFields(context, node.selectionSet).filter((f) => f !== '__typename' && !ALLOWED_MUTATIONS.has(f));
        if (!refused.length) return;
        context.reportError(new GraphQLError(
          `expected a query operation, or a mutation of only ${[...ALLOWED_MUTATIONS].join(' or ')}, got a mutation operation selecting "${refused[0]}"`, { nodes: [node] }));
        return;
      }
      context.reportError(new GraphQLError(
        `expected a query operation${root ? '' : ` (this API has no ${node.operation} type)`}, got a ${node.operation} operation`, { nodes: [node] }));
    },
  });
}
