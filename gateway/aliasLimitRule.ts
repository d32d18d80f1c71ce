import { GraphQLError } from 'graphql';
import type { ASTVisitor, ValidationContext, ValidationRule } from 'graphql';

/**
 * A validation rule refusing documents with more than `maxAliases` aliased fields in total (aliases are how one
 * request fans a field out many times, so they bound the work a single request can ask for).
 */
export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias) aliases += 1;
      },
      Document: {
        leave(node) {
          if (aliases > maxAliases) {
            context.reportError(new GraphQLError(`expected at most ${maxAliases} aliases, got ${aliases}`, { nodes: [node] }));
          }
        },
      },
    };
  };
}
