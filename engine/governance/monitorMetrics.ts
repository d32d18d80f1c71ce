import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { FreshnessStatus } from '../snapshot/freshness';

/** What the monitor last saw of one product version, for the gauges. */
export interface VersionObservation {
  product: string;
  version: number;
  /** The latest snapshot's publishedAt in ms; undefined when never published. */
  publishedAt?: number;
  freshness: FreshnessStatus;
}

const STATES: readonly FreshnessStatus[] = ['fresh', 'warn', 'error'];

/**
 * The monitor's Prometheus metrics, in a registry of its own, served on `/metrics`: per product version the age of
 * its latest snapshot and its freshness state (so an Alertmanager rule needs no webhook), and delivery counters.
 * Counters are this process's; the outbox gauges are the store's, the same on every replica.
 */
export class MonitorMetrics {
  readonly registry = new Registry();
  private observed: readonly VersionObservation[] = [];
  private outboxCounts = { pending: 0, dead: 0 };

  /** Evaluations by outcome (`ok`, `error`). */
  readonly evaluations = new Counter({
    name: 'tessera_monitor_evaluations_total', help: 'Monitor evaluations of the hub by outcome.',
    labelNames: ['outcome'] as const, registers: [this.registry],
  });
  /** Events this process enqueued, by type. */
  readonly events = new Counter({
    name: 'tessera_monitor_events_total', help: 'Governance events enqueued by this monitor, by type.',
    labelNames: ['type'] as const, registers: [this.registry],
  });
  /** Webhook attempts by outcome (`success`, `failure`). */
  readonly attempts = new Counter({
    name: 'tessera_webhook_attempts_total', help: 'Webhook delivery attempts made by this monitor, by outcome.',
    labelNames: ['outcome'] as const, registers: [this.registry],
  });
  /** Deliveries this process finished, by final state (`delivered`, `dead`, `cancelled`). */
  readonly deliveries = new Counter({
    name: 'tessera_webhook_deliveries_total', help: 'Webhook deliveries finished by this monitor, by final state.',
    labelNames: ['state'] as const, registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'tessera_monitor_' });
    const observed = (): readonly VersionObservation[] => this.observed;
    const outbox = (): { pending: number; dead: number } => this.outboxCounts;
    new Gauge({
      name: 'tessera_snapshot_age_seconds', help: 'Age of the latest committed snapshot of each product version.',
      labelNames: ['product', 'version'] as const, registers: [this.registry],
      collect() {
        this.reset();
        const now = Date.now();
        for (const o of observed()) {
          if (o.publishedAt !== undefined) this.set({ product: o.product, version: String(o.version) }, Math.max(0, (now - o.publishedAt) / 1000));
        }
      },
    });
    new Gauge({
      name: 'tessera_freshness_state', help: 'Freshness of each product version against its SLO: 1 for its current state.',
      labelNames: ['product', 'version', 'state'] as const, registers: [this.registry],
      collect() {
        this.reset();
        for (const o of observed()) {
          for (const state of STATES) this.set({ product: o.product, version: String(o.version), state }, o.freshness === state ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'tessera_webhook_outbox', help: 'Webhook deliveries in the store by state: pending (not yet acknowledged) and dead.',
      labelNames: ['state'] as const, registers: [this.registry],
      collect() {
        this.set({ state: 'pending' }, outbox().pending);
        this.set({ state: 'dead' }, outbox().dead);
      },
    });
  }

  /** Replaces what the gauges show of the product versions (after an evaluation). */
  observe(versions: readonly VersionObservation[]): void {
    this.observed = versions;
  }

  /** Replaces the outbox counts (after a delivery round). */
  observeOutbox(pending: number, dead: number): void {
    this.outboxCounts = { pending, dead };
  }
}
