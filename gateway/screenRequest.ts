import type { GatewayConfig } from './gatewayConfig';
import type { GatewayMetrics } from './gatewayMetrics';
import type { Refusal } from './screenDocument';
import { screenDocument } from './screenDocument';
import { screenVariables } from './screenVariables';

/**
 * The gateway's screen of a GraphQL request before Apollo Server sees it: its variables (see {@link screenVariables})
 * and its document (see {@link screenDocument}) against the configured limits, counting the nodes it visited and the
 * requests it refused in the metrics.
 */
export function screenRequest(config: Pick<GatewayConfig, 'maxTokens' | 'maxSelections' | 'maxStringLength' | 'maxVariablesBytes'>, metrics: GatewayMetrics) {
  const limits = { maxTokens: config.maxTokens, maxSelections: config.maxSelections, maxStringLength: config.maxStringLength };
  // A hash-only persisted query whose document is not registered has no document here: its variables are screened.
  return (query: string | undefined, variables: unknown): Refusal | undefined => {
    const refused = screenVariables(variables, config.maxVariablesBytes, config.maxStringLength);
    if (refused) {
      metrics.screenRefusals.inc({ code: refused.code });
      return refused;
    }
    if (query === undefined) return undefined;
    const screening = screenDocument(query, limits);
    metrics.screenVisits.inc(screening.visits);
    if (screening.refusal) metrics.screenRefusals.inc({ code: screening.refusal.code });
    return screening.refusal;
  };
}
