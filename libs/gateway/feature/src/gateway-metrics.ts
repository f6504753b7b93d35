import { Injectable } from '@nestjs/common';
import { MetricsService } from '@tidings/platform/health';
import { Counter, Gauge } from 'prom-client';
import { ConnectionRegistry } from './connection-registry';

/** `/metrics` series of the gateway: open sockets, and why sockets closed. */
@Injectable()
export class GatewayMetrics {
  readonly closed: Counter<'code'>;
  readonly frames: Counter<'outcome'>;

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
  }
}
