import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { userReactivatedV1, type EventEnvelope } from '@tidings/contracts';
import { EventBus } from '@tidings/platform/bus';
import { occurredAtOf } from './event-time';
import { IdentityActions } from './identity-actions';

/**
 * Directory → identity: a person re-enabled in the directory (or by an administrator) may
 * use new tokens again; tokens from before their deactivation stay refused. A group of its
 * own, so it shares no offsets with DeactivationConsumer; the two are ordered by the events'
 * time instead, which also makes a redelivered event harmless.
 */
@Injectable()
export class ReactivationConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly GROUP = 'identity.reactivation';
  private readonly logger = new Logger('ReactivationConsumer');
  private subscription: { close(): Promise<void> } | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly actions: IdentityActions,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.bus.subscribeInBackground(
      ReactivationConsumer.GROUP,
      [userReactivatedV1.topic],
      (event) => this.handle(event),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }

  async handle(event: EventEnvelope): Promise<void> {
    if (event.type !== userReactivatedV1.type || event.version !== userReactivatedV1.version)
      return;
    const data = userReactivatedV1.schema.parse(event.data);
    const updated = await this.actions.reactivate(
      data.userId,
      data.username,
      event.actor,
      occurredAtOf(event),
    );
    if (updated.length > 0) this.logger.log(`user ${data.username} reactivated`);
  }
}
