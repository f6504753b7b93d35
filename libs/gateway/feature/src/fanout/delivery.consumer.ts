import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { deliveryEphemeralV1, deliveryStoredV1, type EventEnvelope } from '@tidings/contracts';
import { BusRuntime, EventBus } from '@tidings/platform/bus';
import { HealthRegistry } from '@tidings/platform/health';
import { DELIVERY_KEY } from './delivery-routes';
import { userEventsOf } from './fanout-writer';
import { DELIVERY_SINK, type DeliverySink } from './ports';

export const DELIVERY_GROUP = Symbol('tidings.gateway.DeliveryGroup');

/** Between two readiness probes while the feed is not confirmed yet. */
const PROBE_INTERVAL_MS = 1_000;

/**
 * Bus mode's other half: reads the `gateway` topic in a consumer group of this process alone
 * (every process sees every record) and hands each record to this process's sockets.
 *
 * The group starts at the newest record: what was published before the process started is
 * for devices that were connected elsewhere then, and they resume from the store when they
 * connect here. Records are not retried — a socket's failure is not the bus's, and a stored
 * event that reaches a device twice is dropped by its stream as a duplicate.
 *
 * Readiness waits until this process has read back a probe it published after subscribing:
 * before that, "newest" may not be pinned yet, and a device signing in here could miss live
 * events published meanwhile.
 */
@Injectable()
export class DeliveryConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('GatewayDelivery');
  private subscription: { close(): Promise<void> } | undefined;
  private readonly probeId = randomUUID();
  private live = false;
  private lastProbeAt = 0;

  constructor(
    private readonly bus: EventBus,
    @Inject(DELIVERY_SINK) private readonly sink: DeliverySink,
    @Inject(DELIVERY_GROUP) private readonly group: string,
    @Optional() private readonly runtime?: BusRuntime,
    @Optional() private readonly health?: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.bus.subscribeInBackground(
      this.group,
      ['gateway'],
      async (event) => this.handle(event),
      { maxAttempts: 1 },
      { startAt: 'latest' },
    );
    this.health?.register('gatewayDelivery', () => this.readiness());
    this.logger.log(`live delivery from the gateway topic in group ${this.group}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }

  handle(event: EventEnvelope): void {
    if (event.version !== 1) return;
    if (event.type === deliveryStoredV1.type) {
      const record = deliveryStoredV1.schema.parse(event.data);
      this.sink.deliver(
        userEventsOf([
          {
            delivery: { type: record.type, payload: record.payload, occurredAt: record.occurredMs },
            seqs: record.seqs,
          },
        ]),
      );
    } else if (event.type === deliveryEphemeralV1.type) {
      const record = deliveryEphemeralV1.schema.parse(event.data);
      if (record.probe !== undefined) {
        if (record.probe === this.probeId && !this.live) {
          this.live = true;
          this.logger.log('delivery feed confirmed: taking sockets');
        }
        return;
      }
      this.sink.broadcast(record.recipientIds, record.text, record.except);
    }
  }

  private async readiness(): Promise<Record<string, unknown>> {
    if (this.live) return { group: this.group };
    if (this.runtime && Date.now() - this.lastProbeAt >= PROBE_INTERVAL_MS) {
      this.lastProbeAt = Date.now();
      await this.runtime.runnerFor('gateway').run(async (tx) => {
        tx.publish(deliveryEphemeralV1, {
          key: DELIVERY_KEY,
          actor: { kind: 'system', id: 'gateway' },
          data: { text: '', recipientIds: [], probe: this.probeId },
        });
      });
    }
    throw new Error('the gateway delivery feed has not reached this process yet');
  }
}
