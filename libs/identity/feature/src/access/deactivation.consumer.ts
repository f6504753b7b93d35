import { Injectable, Logger } from '@nestjs/common';
import { userDeactivatedV1, type EventEnvelope, type UserDeactivatedV1 } from '@tidings/contracts';
import { ContractConsumer, EventBus } from '@tidings/platform/bus';
import { occurredAtOf } from './event-time';
import { IdentityActions } from './identity-actions';

/**
 * Directory → identity: a deactivated user's tokens stop working at their next request.
 * Deactivation is idempotent and ordered by the event's time against reactivations (which
 * ReactivationConsumer handles in a group of its own), so redelivered events need no dedupe
 * table.
 */
@Injectable()
export class DeactivationConsumer extends ContractConsumer<typeof userDeactivatedV1> {
  static readonly GROUP = 'identity.deactivation';
  private readonly logger = new Logger('DeactivationConsumer');

  constructor(
    bus: EventBus,
    private readonly actions: IdentityActions,
  ) {
    super(bus, DeactivationConsumer.GROUP, userDeactivatedV1);
  }

  protected async apply(data: UserDeactivatedV1, event: EventEnvelope): Promise<void> {
    const updated = await this.actions.deactivate(
      data.userId,
      data.username,
      event.actor,
      occurredAtOf(event),
    );
    if (updated.length > 0) this.logger.log(`user ${data.username} deactivated: sessions revoked`);
  }
}
