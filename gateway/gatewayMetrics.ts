import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The gateway's Prometheus metrics, in a registry of its own (so two gateways in one process do not share counters).
 * Served as text on `/metrics`.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  /** GraphQL requests by operation name (`anonymous` when unnamed) and outcome (`success`, `partial`, `error`). */
  readonly requests = new Counter({
    name: 'tessera_gateway_requests_total', help: 'GraphQL requests by operation and outcome.',
    labelNames: ['operation', 'outcome'] as const, registers: [this.registry],
  });
  /** Request durations, same labels as {@link requests}. */
  readonly requestDuration = new Histogram({
    name: 'tessera_gateway_request_duration_seconds', help: 'GraphQL request duration by operation and outcome.',
    labelNames: ['operation', 'outcome'] as const, registers: [this.registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  /** Subgraph fetch durations by subgraph and outcome (`ok`, `http_error`, `timeout`, `unreachable`). */
  readonly subgraphFetchDuration = new Histogram({
    name: 'tessera_gateway_subgraph_fetch_duration_seconds', help: 'Duration of fetches to subgraphs by subgraph and outcome.',
    labelNames: ['subgraph', 'outcome'] as const, registers: [this.registry],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  /** Parsed-and-validated document cache lookups by result (`hit`, `miss`). */
  readonly documentCache = new Counter({
    name: 'tessera_gateway_document_cache_total', help: 'Lookups in the parsed and validated operation cache by result.',
    labelNames: ['result'] as const, registers: [this.registry],
  });
  /** Cacheable query answers by outcome (`hit`: served from the answer cache; `miss`: asked and kept; `uncacheable`). */
  readonly answerCache = new Counter({
    name: 'tessera_gateway_answer_cache_total', help: 'Cacheable query answers by outcome: served from the cache, asked and kept, or not kept.',
    labelNames: ['outcome'] as const, registers: [this.registry],
  });
  /** Requests refused for exceeding the caller's rate. */
  readonly rateLimited = new Counter({
    name: 'tessera_gateway_rate_limited_total', help: 'Requests refused because the caller exceeded its rate.',
    registers: [this.registry],
  });
  /** Supergraph loads by result (`loaded`, `rejected`). */
  readonly supergraphLoads = new Counter({
    name: 'tessera_gateway_supergraph_loads_total', help: 'Supergraph file loads by result.',
    labelNames: ['result'] as const, registers: [this.registry],
  });

  /** Document nodes the gateway's screen visited before validation (linear in the documents it was sent). */
  readonly screenVisits = new Counter({
    name: 'tessera_gateway_screen_visits_total', help: 'Document nodes visited by the pre-validation screen.',
    registers: [this.registry],
  });
  /** Requests the screen refused before validation, by error code. */
  readonly screenRefusals = new Counter({
    name: 'tessera_gateway_screen_refusals_total', help: 'Requests refused by the pre-validation screen, by error code.',
    labelNames: ['code'] as const, registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'tessera_gateway_' });
  }
}
