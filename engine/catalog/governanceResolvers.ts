import type { ProductContract } from '../contract/types';
import { qualifiedName } from '../contract/types';
import type { DeliveryLog, DeliveryView } from '../governance/deliveryLog';
import type { StoredEvent } from '../governance/governanceEvent';
import { ErrorCode, TesseraError } from '../errors';

type Attempt = DeliveryView['attempts'][number];

function unavailable(): never {
  throw new TesseraError(ErrorCode.STORAGE_UNAVAILABLE, 'expected to read the monitor\'s outbox, but the store did not answer').toGraphQLError();
}

/** The resolvers of {@link GOVERNANCE_SDL} over the outbox; store failures are `STORAGE_UNAVAILABLE` on those fields. */
export function governanceResolvers(log: DeliveryLog): Record<string, Record<string, unknown>> {
  return {
    Query: {
      governanceEvents: (_: unknown, args: { product?: string | null; type?: string | null; first?: number | null }) =>
        log.events({ product: args.product ?? undefined, type: args.type ?? undefined, first: args.first ?? undefined }).catch(unavailable),
    },
    DataProduct: {
      events: (p: ProductContract, args: { type?: string | null; first?: number | null }) =>
        log.events({ product: qualifiedName(p), type: args.type ?? undefined, first: args.first ?? undefined }).catch(unavailable),
    },
    GovernanceEvent: {
      product: (e: StoredEvent) => e.data.product,
      version: (e: StoredEvent) => e.data.version,
      owner: (e: StoredEvent) => e.data.owner,
      snapshot: (e: StoredEvent) => e.data.snapshot ?? null,
      deliveries: (e: StoredEvent) => log.deliveries(e).catch(unavailable),
    },
    WebhookDelivery: {
      recipient: (d: DeliveryView) => d.recipient.recipient,
      state: (d: DeliveryView) => d.state.toUpperCase(),
      finishedAt: (d: DeliveryView) => d.finishedAt ?? null,
    },
    WebhookAttempt: {
      at: (a: Attempt) => a.outcome?.at ?? a.claim?.claimedAt ?? null,
      result: (a: Attempt) => a.result.toUpperCase(),
      httpStatus: (a: Attempt) => a.outcome?.status ?? null,
      error: (a: Attempt) => a.outcome?.error ?? null,
      durationMs: (a: Attempt) => a.outcome?.durationMs ?? null,
    },
  };
}
