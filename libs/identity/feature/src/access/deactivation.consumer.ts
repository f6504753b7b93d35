import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { userDeactivatedV1, type EventEnvelope } from '@tidings/contracts';
import { EventBus } from '@tidings/platform/bus';
import { occurredAtOf } from './event-time';
import { IdentityActions } from './identity-actions';

/**
 * Directory → identity: a deactivated user's tokens stop working at their next request.
 * Deactivation is idempotent and ordered by the event's time against reactivations (which
 * ReactivationConsumer handles in a group of its own), so redelivered events need no dedupe
 * table.
 */
@Injectable()
export class DeactivationConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly GROUP = 'identity.deactivation';
  private readonly logger = new Logger('DeactivationConsumer');
  private subscription: { close(): Promise<void> } | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly actions: IdentityActions,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.bus.subscribeInBackground(
      DeactivationConsumer.GROUP,
      [userDeactivatedV1.topic],
      (event) => this.handle(event),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }

  async handle(event: EventEnvelope): Promise<void> {
    if (event.type !== userDeactivatedV1.type || event.version !== userDeactivatedV1.version)
      return;
    const data = userDeactivatedV1.schema.parse(event.data);
    const updated = await this.actions.deactivate(
      data.userId,
      data.username,
      event.actor,
      occurredAtOf(event),
    );
    if (updated.length > 0) this.logger.log(`user ${data.username} deactivated: sessions revoked`);
  }
}
