import { GraphQLError } from 'graphql';
import type { ASTVisitor, ValidationContext, ValidationRule } from 'graphql';
import { measureDocument } from './measureDocument';

/**
 * A validation rule refusing operations whose fields nest deeper than `maxDepth` (`{ a { b } }` has depth 2),
 * fragments followed. Introspection fields are not counted, so GraphiQL's schema query always passes. Linear in the
 * document (see {@link measureDocument}): each fragment is measured once however often it is spread.
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const measure = measureDocument(context.getDocument());
    return {
      OperationDefinition(node) {
        const depth = measure.operations.get(node)?.depth ?? 0;
        if (depth > maxDepth) {
          context.reportError(new GraphQLError(
            `expected selections nested at most ${maxDepth} deep, got an operation ${depth} deep`, { nodes: [node] }));
        }
      },
    };
  };
}
