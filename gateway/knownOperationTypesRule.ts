import { GraphQLError } from 'graphql';
import type { ASTVisitor, ValidationContext, ValidationRule } from 'graphql';

/**
 * A validation rule refusing operations whose type the schema has no root for (graphql-js 16 lets
 * `mutation { … }` through validation when there is no Mutation type, and execution then fails as a server error).
 * The hub is read-only: today only `query` operations exist.
 */
export function knownOperationTypesRule(): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      if (context.getSchema().getRootType(node.operation)) return;
      context.reportError(new GraphQLError(
        `expected a query operation (this API has no ${node.operation} type), got a ${node.operation} operation`, { nodes: [node] }));
    },
  });
}
