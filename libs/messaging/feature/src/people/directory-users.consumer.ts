import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  groupMembershipChangedV1,
  userCreatedV1,
  userDeactivatedV1,
  userReactivatedV1,
  userUpdatedV1,
  type EventEnvelope,
} from '@tidings/contracts';
import { EventBus } from '@tidings/platform/bus';
import { MembershipSourceActions } from './membership-source.actions';
import { DIRECTORY_CONSUMER_GROUP, UserDirectoryActions } from './user-directory.actions';

/**
 * Keeps `messaging_users` in step with the directory, in one consumer group for all four
 * events: they share the user id as key, so a person's created → deactivated → reactivated
 * arrive in order. A new group starts at the beginning of the topic, which fills the
 * projection on first boot.
 *
 * The same subscription applies group membership changes (keyed by group id, so one group's
 * changes arrive in order) to the group projection and the channels that follow groups. A
 * group event may overtake the `created` of a person it names: that person is added when
 * their `created` arrives (the projection already lists them in the group).
 */
@Injectable()
export class DirectoryUsersConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly GROUP = DIRECTORY_CONSUMER_GROUP;
  private readonly logger = new Logger('DirectoryUsersConsumer');
  private subscription: { close(): Promise<void> } | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly actions: UserDirectoryActions,
    private readonly sources?: MembershipSourceActions,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.bus.subscribeInBackground(
      DirectoryUsersConsumer.GROUP,
      [userCreatedV1.topic],
      (event) => this.handle(event),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }

  async handle(event: EventEnvelope): Promise<void> {
    const is = (c: { type: string; version: number }) =>
      event.type === c.type && event.version === c.version;
    if (is(userCreatedV1) || is(userUpdatedV1)) {
      await this.actions.profile(userCreatedV1.schema.parse(event.data), {
        kind: is(userCreatedV1) ? 'created' : 'updated',
        eventId: event.id,
        actor: event.actor,
      });
    } else if (is(groupMembershipChangedV1)) {
      await this.sources?.groupChanged(groupMembershipChangedV1.schema.parse(event.data), event);
    } else if (is(userDeactivatedV1)) {
      const data = userDeactivatedV1.schema.parse(event.data);
      const left = await this.actions.deactivated(data, occurredAt(event), event.actor);
      if (left.length > 0)
        this.logger.log(`${data.username} deactivated: left ${left.length} member lists`);
    } else if (is(userReactivatedV1)) {
      const data = userReactivatedV1.schema.parse(event.data);
      await this.actions.reactivated(data, occurredAt(event), event.actor);
    }
  }
}

/** An envelope without a readable time is a producer bug: retries, then dead letters. */
function occurredAt(event: EventEnvelope): number {
  const at = Date.parse(event.occurredAt);
  if (Number.isNaN(at)) throw new Error(`event ${event.id} has no valid occurredAt`);
  return at;
}
