import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { sessionRevokedV1, type EventEnvelope } from '@tidings/contracts';
import { CloseCode, CloseReason } from '@tidings/gateway/domain';
import { EventBus } from '@tidings/platform/bus';
import { ConnectionRegistry } from './connection-registry';
import { DEFAULT_REVOCATION_GROUP, GATEWAY_OPTIONS, type GatewayOptions } from './gateway-options';

/**
 * Identity → gateway: when a user is deactivated or signed out everywhere, identity refuses
 * their tokens from the next request on — and this closes the sockets they already hold
 * (4410), which no request would ever re-check.
 *
 * Only sockets signed in *before* the revocation close: a redelivered or replayed old event
 * must not throw out a user who has signed in again since. Closing is idempotent, so
 * redeliveries need no dedupe table.
 */
@Injectable()
export class SessionRevocationConsumer
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('SessionRevocation');
  private subscription: { close(): Promise<void> } | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly registry: ConnectionRegistry,
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.bus.subscribeInBackground(
      this.options.revocationGroup ?? DEFAULT_REVOCATION_GROUP,
      [sessionRevokedV1.topic],
      async (event) => this.handle(event),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }

  handle(event: EventEnvelope): void {
    if (event.type !== sessionRevokedV1.type || event.version !== sessionRevokedV1.version) return;
    const data = sessionRevokedV1.schema.parse(event.data);
    const revokedAt = Date.parse(event.occurredAt);
    const reason =
      data.reason === 'deactivated' ? CloseReason.userDeactivated : CloseReason.sessionRevoked;
    const doomed = this.registry.revoke(data.userId, revokedAt);
    for (const connection of doomed) connection.close(CloseCode.sessionRevoked, reason);
    if (doomed.length > 0) {
      this.logger.log(`closed ${doomed.length} socket(s) of user ${data.userId} (${data.reason})`);
    }
  }
}
