import { Injectable } from '@nestjs/common';
import { MetricsService } from '@tidings/platform/health';
import { Counter, Gauge, Histogram } from 'prom-client';
import { ConnectionRegistry } from './connection-registry';

/**
 * `/metrics` series of the gateway: open sockets and why they closed, client frames, and the
 * fan-out — events delivered, how long from the event to its frame, resumes, slow consumers.
 */
@Injectable()
export class GatewayMetrics {
  readonly closed: Counter<'code'>;
  readonly frames: Counter<'outcome'>;
  readonly delivered: Counter<'mode'>;
  readonly deliveryLatency: Histogram;
  readonly resumes: Counter<'outcome'>;
  readonly gapFills: Counter<'outcome'>;
  readonly slowConsumers: Counter;
  readonly fannedOut: Counter<'outcome'>;
  readonly presenceFrames: Counter<'outcome'>;

  constructor(metrics: MetricsService, registry: ConnectionRegistry) {
    new Gauge({
      name: 'tidings_gateway_connections',
      help: 'Open WebSocket connections, by whether they have signed in',
      labelNames: ['state'],
      registers: [metrics.registry],
      collect() {
        this.set({ state: 'signed_in' }, registry.signedIn);
        this.set({ state: 'pending' }, registry.size - registry.signedIn);
      },
    });
    this.closed = new Counter({
      name: 'tidings_gateway_closed_total',
      help: 'Closed WebSocket connections by close code (1006: the peer vanished)',
      labelNames: ['code'],
      registers: [metrics.registry],
    });
    this.frames = new Counter({
      name: 'tidings_gateway_frames_total',
      help: 'Client frames by outcome (ok, error, refused)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.delivered = new Counter({
      name: 'tidings_gateway_events_delivered_total',
      help: 'Event frames written to sockets: live, or replayed to a resuming device',
      labelNames: ['mode'],
      registers: [metrics.registry],
    });
    this.deliveryLatency = new Histogram({
      name: 'tidings_gateway_delivery_latency_seconds',
      help: 'From the event (its occurredAt) to its live frame being written to a socket',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [metrics.registry],
    });
    this.resumes = new Counter({
      name: 'tidings_gateway_resumes_total',
      help: 'Sign-ins with a lastSeq: replayed (ok), or told to reload (resync)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.gapFills = new Counter({
      name: 'tidings_gateway_gap_fills_total',
      help: 'Live seqs that overtook earlier ones, filled from the store (ok) or by reload (resync)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.slowConsumers = new Counter({
      name: 'tidings_gateway_slow_consumers_total',
      help: 'Connections closed (4008) because their send buffer passed the limit',
      registers: [metrics.registry],
    });
    this.fannedOut = new Counter({
      name: 'tidings_gateway_fanout_events_total',
      help: 'Bus events through the fan-out: stored, duplicate, for nobody, or expired (older than retention)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.presenceFrames = new Counter({
      name: 'tidings_gateway_presence_changes_total',
      help: 'presence.changed events through the presence fan-out: sent to sockets, or stale (skipped)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }
}
