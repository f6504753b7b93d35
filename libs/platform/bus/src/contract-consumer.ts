import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { EventContract, EventData, EventEnvelope } from '@tidings/contracts';
import type { EventBus } from './event-bus';

/**
 * A Nest provider that consumes one event contract in a consumer group of its own: it
 * subscribes once the application is up (retrying in the background while the broker is
 * away), stops before shutdown, ignores other types and versions on the topic, and hands the
 * validated payload to `apply`. An error from `apply` leaves the event to the bus's retry and
 * dead-letter policy — so `apply` must be idempotent (redelivery happens).
 */
export abstract class ContractConsumer<C extends EventContract>
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private subscription: { close(): Promise<void> } | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly group: string,
    private readonly contract: C,
  ) {}

  protected abstract apply(data: EventData<C>, event: EventEnvelope): Promise<void>;

  onApplicationBootstrap(): void {
    this.subscription = this.bus.subscribeInBackground(this.group, [this.contract.topic], (event) =>
      this.handle(event),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }

  async handle(event: EventEnvelope): Promise<void> {
    if (event.type !== this.contract.type || event.version !== this.contract.version) return;
    await this.apply(this.contract.schema.parse(event.data) as EventData<C>, event);
  }
}
