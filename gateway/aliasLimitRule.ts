import { GraphQLError } from 'graphql';
import type { ASTVisitor, ValidationContext, ValidationRule } from 'graphql';
import { measureDocument } from './measureDocument';

/**
 * A validation rule refusing operations with more than `maxAliases` aliased fields once fragments are expanded (a
 * fragment of 10 aliases spread 4 times counts 40): aliases are how one request fans a field out many times, so they
 * bound the work a single request can ask for. Linear in the document (see {@link measureDocument}).
 */
export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const measure = measureDocument(context.getDocument());
    return {
      OperationDefinition(node) {
        const aliases = measure.operations.get(node)?.aliases ?? 0;
        if (aliases > maxAliases) {
          context.reportError(new GraphQLError(`expected at most ${maxAliases} aliases, got ${aliases}`, { nodes: [node] }));
        }
      },
    };
  };
}
