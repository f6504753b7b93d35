import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The bus's Prometheus series; registered on the host's registry when one is given. */
export interface BusMetricsSources {
  /** Recomputes outbox backlog and consumer lag; called when Prometheus scrapes. */
  refresh(): Promise<void>;
}

export class BusMetrics {
  private sources: BusMetricsSources | undefined;

  /** Lag and backlog are measured on scrape, from the database or the broker. */
  attach(sources: BusMetricsSources): void {
    this.sources = sources;
  }

  readonly outboxBacklog: Gauge<'outbox'>;
  readonly relayLatency: Histogram<'outbox'>;
  readonly consumerLag: Gauge<'group' | 'topic'>;
  readonly deadLetters: Counter<'group' | 'topic'>;
  readonly handled: Counter<'group' | 'outcome'>;

  constructor(registry?: Registry) {
    const registers = registry ? [registry] : [];
    // One refresh serves both gauges: prom-client calls each gauge's collect() per scrape.
    let refreshing: Promise<void> | undefined;
    const refresh = async () => {
      refreshing ??= (this.sources?.refresh() ?? Promise.resolve()).finally(
        () => (refreshing = undefined),
      );
      await refreshing;
    };
    this.outboxBacklog = new Gauge({
      name: 'tidings_outbox_backlog',
      help: 'Committed outbox rows not yet published, per outbox table',
      labelNames: ['outbox'],
      registers,
      collect: refresh,
    });
    this.relayLatency = new Histogram({
      name: 'tidings_outbox_relay_latency_seconds',
      help: 'Time from outbox commit to publication on the bus',
      labelNames: ['outbox'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'tidings_bus_consumer_lag',
      help: 'Records published but not yet committed by a consumer group',
      labelNames: ['group', 'topic'],
      registers,
      collect: refresh,
    });
    this.deadLetters = new Counter({
      name: 'tidings_bus_dead_letters_total',
      help: 'Events moved to a dead-letter topic after exhausting retries',
      labelNames: ['group', 'topic'],
      registers,
    });
    this.handled = new Counter({
      name: 'tidings_bus_handler_attempts_total',
      help: 'Handler attempts by outcome (ok, retry, dead_letter)',
      labelNames: ['group', 'outcome'],
      registers,
    });
  }
}
