import type { ApolloServerPlugin } from '@apollo/server';
import type { ReportedUsage } from '../engine/usage/reportedUsage';
import { EXPORT_OPERATION } from '../engine/usage/reportedUsage';
import type { GatewayContext } from './gatewayContext';
import { requestOutcome } from './requestOutcome';
import type { UsageRecorder } from './usageRecorder';
import type { UsageTypeIndex } from './usageFields';
import { fieldsRead } from './usageFields';

/**
 * Records every GraphQL request of an identified caller in the usage log: caller, operation name, the product fields
 * and versions its operation selected ({@link fieldsRead}), what the subgraphs reported their SQL read (rows, bytes
 * scanned, engine time), duration and outcome. The walk over the document runs after the response is sent.
 * @param index the types of the served products, current when a request ends (it follows the contracts).
 */
export function usagePlugin(recorder: UsageRecorder, index: () => UsageTypeIndex): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const at = Date.now();
      const started = performance.now();
      return {
        async willSendResponse({ response, contextValue, operationName, errors, document, schema }) {
          const identity = contextValue.identity;
          if (!identity) return;
          const durationMs = performance.now() - started;
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const outcome = requestOutcome(!!body?.data, (body?.errors?.length ?? 0) + (errors?.length ?? 0));
          const scans = contextValue.scans ?? [];
          setImmediate(() => recorder.record({
            at, consumer: identity.subject, operation: operationName ?? null, outcome, durationMs, scans,
            fields: document ? fieldsRead(schema, document, operationName, index()) : [],
          }));
        },
      };
    },
  };
}

/**
 * Records an export (`POST /export`, or an export job's) of a caller in the usage log, as the operation `/export`:
 * the columns it wrote as the fields read, and what the subgraph says its SQL read.
 * @param at when the export arrived (epoch ms); its duration runs until it is recorded.
 */
export function exportUsage(recorder: UsageRecorder, at: number, consumer: string, usage: ReportedUsage, ok: boolean): void {
  recorder.record({
    at, consumer, operation: EXPORT_OPERATION, outcome: requestOutcome(ok, ok ? 0 : 1),
    durationMs: Math.max(0, Date.now() - at), fields: usage.fields, scans: usage.scans,
  });
}
