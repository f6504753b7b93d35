import { Injectable, Logger } from '@nestjs/common';
import { userReactivatedV1, type EventData, type EventEnvelope } from '@tidings/contracts';
import { ContractConsumer, EventBus } from '@tidings/platform/bus';
import { occurredAtOf } from './event-time';
import { IdentityActions } from './identity-actions';

/**
 * Directory → identity: a person re-enabled in the directory (or by an administrator) may
 * use new tokens again; tokens from before their deactivation stay refused. A group of its
 * own, so it shares no offsets with DeactivationConsumer; the two are ordered by the events'
 * time instead, which also makes a redelivered event harmless.
 */
@Injectable()
export class ReactivationConsumer extends ContractConsumer<typeof userReactivatedV1> {
  static readonly GROUP = 'identity.reactivation';
  private readonly logger = new Logger('ReactivationConsumer');

  constructor(
    bus: EventBus,
    private readonly actions: IdentityActions,
  ) {
    super(bus, ReactivationConsumer.GROUP, userReactivatedV1);
  }

  protected async apply(
    data: EventData<typeof userReactivatedV1>,
    event: EventEnvelope,
  ): Promise<void> {
    const updated = await this.actions.reactivate(
      data.userId,
      data.username,
      event.actor,
      occurredAtOf(event),
    );
    if (updated.length > 0) this.logger.log(`user ${data.username} reactivated`);
  }
}
