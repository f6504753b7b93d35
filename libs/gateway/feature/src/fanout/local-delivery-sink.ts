import { Injectable } from '@nestjs/common';
import type { UserEvent } from '@tidings/gateway/domain';
import { ConnectionRegistry } from '../connection-registry';
import { GatewayMetrics } from '../gateway-metrics';
import type { DeliverySink } from './ports';
import { StreamStarter } from './stream-starter';

/**
 * Embedded mode's sink: hands fanned-out events straight to this process's sockets. Each
 * recipient's devices get the frame spliced from the payload serialized once; a device still
 * catching up (replay, or a gap being filled) buffers it in its EventStream.
 */
@Injectable()
export class LocalDeliverySink implements DeliverySink {
  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly metrics: GatewayMetrics,
    private readonly streams: StreamStarter,
  ) {}

  deliver(events: readonly UserEvent[]): void {
    let written = 0;
    for (const event of events) {
      const devices = this.registry.ofRecipient(event.userId);
      if (!devices) continue;
      for (const connection of devices) {
        for (const sent of connection.offer(event)) {
          written++;
          this.metrics.deliveryLatency.observe((Date.now() - sent.frame.occurredAt) / 1000);
        }
        // A seq overtook an earlier one: the missing ones come from the store, in order.
        if (connection.stream.takeGap()) {
          connection.enqueue(() => this.streams.fillGap(connection));
        }
      }
    }
    if (written > 0) this.metrics.delivered.inc({ mode: 'live' }, written);
  }

  broadcast(recipientIds: readonly string[], text: string, except?: string): void {
    for (const id of recipientIds) {
      if (id === except) continue;
      for (const connection of this.registry.ofRecipient(id) ?? []) {
        // Ephemeral frames skip the stream: a device still replaying may see them early, but
        // never before its `ready`.
        if (connection.state === 'ready' && connection.readySent) connection.sendText(text);
      }
    }
  }
}
