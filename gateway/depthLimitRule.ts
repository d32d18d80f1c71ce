import { GraphQLError, Kind } from 'graphql';
import type { ASTVisitor, FragmentDefinitionNode, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';

/** How deep a selection set nests, following fragments (each at most once per path) and skipping introspection. */
function depthOf(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, visiting: Set<string>): number {
  let deepest = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, 1 + (sel.selectionSet ? depthOf(sel.selectionSet, fragments, visiting) : 0));
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(sel.selectionSet, fragments, visiting));
    } else {
      const fragment = fragments.get(sel.name.value);
      // A cycle is reported by the standard NoFragmentCyclesRule; here it just stops the walk.
      if (!fragment || visiting.has(fragment.name.value)) continue;
      visiting.add(fragment.name.value);
      deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, visiting));
      visiting.delete(fragment.name.value);
    }
  }
  return deepest;
}

/**
 * A validation rule refusing operations whose fields nest deeper than `maxDepth` (`{ a { b } }` has depth 2).
 * Introspection fields are not counted, so GraphiQL's schema query always passes.
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map(context.getDocument().definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]));
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, fragments, new Set());
        if (depth > maxDepth) {
          context.reportError(new GraphQLError(
            `expected selections nested at most ${maxDepth} deep, got an operation ${depth} deep`, { nodes: [node] }));
        }
      },
    };
  };
}
