import { BREAK, Kind, parse, visit } from 'graphql';
import type { DocumentNode } from 'graphql';
import { ErrorCode } from '../engine/errors';
import { measureDocument } from './measureDocument';
import { mergeCost } from './mergeCost';

/** The limits {@link screenDocument} applies. */
export interface DocumentLimits {
  /** Most lexical tokens in a document (the parser stops past it). */
  maxTokens: number;
  /** Most field selections in one operation once fragments are expanded. */
  maxSelections: number;
  /** Longest string literal, in characters. */
  maxStringLength: number;
}

/** Most pairs of same-named fields graphql-js may have to compare (see {@link mergeCost}); ~20 ms of validation. */
export const MAX_MERGE_PAIRS = 5000;
/** Deepest nesting of list and object values in arguments and variables (filters nest `and`/`or`/`not`). */
export const MAX_VALUE_DEPTH = 32;

/** Why a document was refused: a message for the client and its `extensions.code`. */
export interface Refusal {
  message: string;
  code: string;
}

/** What {@link screenDocument} decided, and how many nodes it visited to decide (its work, for tests and metrics). */
export interface Screening {
  refusal?: Refusal;
  visits: number;
}

const tooLarge = (message: string): Refusal => ({ message, code: ErrorCode.QUERY_TOO_LARGE });

/**
 * The gateway's pass over a GraphQL document before Apollo Server parses and validates it: in time linear in the
 * document (and never more than the limits allow), it refuses what would make validation, the row estimate or the
 * query planner super-linear — too many tokens, too long string literals, too deeply nested values, fragment cycles,
 * more than `maxSelections` selections once fragments are expanded (a "fragment bomb" of a kilobyte expands to
 * millions), or more pairs of repeated fields than graphql-js can compare in milliseconds. A document that does not
 * parse is let through: Apollo Server reports the syntax error.
 */
export function screenDocument(query: string, limits: DocumentLimits): Screening {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens, noLocation: true });
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    if (/tokens/.test(message)) return { visits: 0, refusal: tooLarge(`expected a document of at most ${limits.maxTokens} tokens, got more`) };
    return { visits: 0 };
  }
  let visits = 0;
  let depth = 0;
  let refusal: Refusal | undefined;
  // graphql-js's visit is iterative: a deeply nested value cannot exhaust the stack here.
  visit(document, {
    enter(node) {
      visits += 1;
      if (node.kind === Kind.LIST || node.kind === Kind.OBJECT) {
        depth += 1;
        if (depth > MAX_VALUE_DEPTH) {
          refusal = tooLarge(`expected argument values nested at most ${MAX_VALUE_DEPTH} deep, got deeper`);
          return BREAK;
        }
      } else if (node.kind === Kind.STRING && node.value.length > limits.maxStringLength) {
        refusal = tooLarge(`expected string literals of at most ${limits.maxStringLength} characters, got one of ${node.value.length}`);
        return BREAK;
      }
      return undefined;
    },
    leave(node) {
      if (node.kind === Kind.LIST || node.kind === Kind.OBJECT) depth -= 1;
    },
  });
  if (refusal) return { visits, refusal };
  const measure = measureDocument(document);
  visits += measure.visits;
  if (measure.cyclic.length) {
    return { visits, refusal: { code: 'GRAPHQL_VALIDATION_FAILED', message: `expected fragments that do not spread themselves, got a cycle through "${measure.cyclic[0]}"` } };
  }
  for (const [operation, shape] of measure.operations) {
    if (shape.selections > limits.maxSelections) {
      const name = operation.name ? `operation "${operation.name.value}"` : 'an operation';
      const count = Number.isFinite(shape.selections) ? String(shape.selections) : 'more than 2^53';
      return { visits, refusal: tooLarge(`expected at most ${limits.maxSelections} field selections with fragments expanded, got ${name} with ${count}`) };
    }
  }
  // The merge walk expands fragments at every spread: what was accepted above bounds it, to a few times the cap.
  const cost = mergeCost(document, { pairs: MAX_MERGE_PAIRS, steps: 2 * limits.maxSelections + 2 * measure.visits });
  visits += cost.steps;
  if (cost.exceeded === 'pairs') {
    return { visits, refusal: tooLarge(`expected at most ${MAX_MERGE_PAIRS} pairs of same-named fields to merge, got more; select each field once per selection set`) };
  }
  if (cost.exceeded) {
    return { visits, refusal: tooLarge(`expected fragments spread at most ${limits.maxSelections} times in all, got more`) };
  }
  return { visits };
}
