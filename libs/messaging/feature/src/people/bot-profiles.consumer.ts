import { Injectable } from '@nestjs/common';
import { botCreatedV1, type BotCreatedV1 } from '@tidings/contracts';
import { ContractConsumer, EventBus } from '@tidings/platform/bus';
import { UserDirectoryActions } from './user-directory.actions';

/**
 * Identity → messaging: a new bot joins the users projection, so its messages show its
 * display name (not a bare id) and people can add it to conversations or open a direct one
 * with it. Its name there is `bot:<username>` — a key no person's username or `@mention` can
 * match (people are also found by username in that table, and a person named like a bot must
 * never become it). Recording a profile is idempotent, so a redelivery is harmless.
 */
@Injectable()
export class BotProfilesConsumer extends ContractConsumer<typeof botCreatedV1> {
  static readonly GROUP = 'messaging.bot-profiles';

  constructor(
    bus: EventBus,
    private readonly actions: UserDirectoryActions,
  ) {
    super(bus, BotProfilesConsumer.GROUP, botCreatedV1);
  }

  protected async apply(data: BotCreatedV1): Promise<void> {
    await this.actions.profile({
      userId: data.botId,
      username: `bot:${data.username}`,
      displayName: data.displayName ?? data.username,
    });
  }
}
