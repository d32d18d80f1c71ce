import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './gatewayContext';
import type { GatewayMetrics } from './gatewayMetrics';
import { requestOutcome } from './requestOutcome';

/** At most this many distinct operation names become metric labels; the rest count as `other`. */
const MAX_OPERATION_LABELS = 200;

/**
 * Counts and times every GraphQL request by operation name and outcome (`success`, `partial` when data came with
 * errors, `error` when no data) and writes one JSON log line per request with its request id, caller and outcome.
 */
export function observabilityPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  const labels = new Set<string>();
  const label = (name: string | null | undefined): string => {
    const op = name || 'anonymous';
    if (labels.has(op)) return op;
    if (labels.size >= MAX_OPERATION_LABELS) return 'other';
    labels.add(op);
    return op;
  };
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, contextValue, operationName, errors }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const outcome = requestOutcome(!!body?.data, (body?.errors?.length ?? 0) + (errors?.length ?? 0));
          const operation = label(operationName);
          metrics.requests.inc({ operation, outcome });
          metrics.requestDuration.observe({ operation, outcome }, seconds);
          contextValue.logger?.info({
            operation: operationName ?? null, outcome, durationMs: Math.round(seconds * 1000),
            subject: contextValue.identity?.subject, status: response.http.status ?? 200,
            errorCodes: body?.errors?.map((e) => e.extensions?.code),
          }, 'graphql request');
        },
      };
    },
  };
}
