import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { CallerIdentity } from '../../engine/auth/callerIdentity';

/** The parts of a GraphQL request its answer depends on, besides the snapshots it reads. */
export interface AnswerRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/**
 * The key of a query's answer before its snapshots are known: a SHA-256 over the document, the operation name, the
 * variables (keys in a stable order), the caller's grants (scopes and products, not who the caller is: two keys with
 * the same grants see the same answer) and the schema generation (a new supergraph starts afresh).
 */
export function answerKey(request: AnswerRequest, identity: CallerIdentity, schemaGeneration: number): string {
  const grants = { scopes: [...identity.scopes].sort(), products: identity.products ? [...identity.products].sort() : null };
  const parts = {
    query: request.query, operationName: request.operationName ?? null, variables: request.variables ?? {}, grants, schemaGeneration,
  };
  return createHash('sha256').update(stringify(parts) ?? '').digest('base64url');
}
