import type { GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import { Kind } from 'graphql';
import type { FragmentDefinitionNode } from 'graphql';
import { estimateRows } from './estimateRows';
import type { GatewayContext } from './gatewayContext';
import type { RowLimitOptions } from './rowLimitPlugin';

// One estimate per request, shared by the row limit and the rows quota (keyed by the request's context object).
const estimates = new WeakMap<GatewayContext, Promise<number>>();

/**
 * The estimated rows of a resolved operation (see {@link estimateRows}), with what `options.data` knows of the
 * snapshots the request reads; computed once per request however many plugins ask.
 */
export function operationRows(request: GraphQLRequestContextDidResolveOperation<GatewayContext>, options: RowLimitOptions): Promise<number> {
  const known = estimates.get(request.contextValue);
  if (known) return known;
  const { operation } = request;
  if (!operation) return Promise.resolve(0);
  const estimate = (async () => {
    const data = await options.data?.(request.contextValue);
    const fragments = new Map(request.document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]));
    return estimateRows(request.schema, operation, { ...options, data, fragments, variables: request.request.variables ?? {} }).rows;
  })();
  estimates.set(request.contextValue, estimate);
  return estimate;
}
