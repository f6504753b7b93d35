import { presenceRepository } from '@tidings/presence/data-access';
import {
  maySee,
  newUserPresence,
  presenceOf,
  type PresenceSubscriptions,
} from '@tidings/presence/domain';
import { ValidationError } from '@tidings/platform/errors';
import type { DataSource } from 'typeorm';
import type { PresencePeers } from './presence-ports';
import { eventDataOf, type PresenceJson } from './views';

/** Most ids one `GET /presence` may name. */
export const MAX_QUERY_USERS = 200;

/** Reads of presence, each filtered by who may see whom (DESIGN: nobody else, not even by id). */
export class PresenceQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly peers: PresencePeers,
    private readonly subscriptions: PresenceSubscriptions,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * The presence of those of `userIds` the viewer may see — themself, their peers, the people
   * they subscribe to — in the order asked. The others are left out, exactly as if unknown:
   * an omission says nothing about whether the user exists.
   */
  async visible(viewerId: string, userIds: readonly string[]): Promise<PresenceJson[]> {
    const asked = [...new Set(userIds)];
    if (asked.length > MAX_QUERY_USERS) {
      throw new ValidationError(
        `At most ${MAX_QUERY_USERS} users per request.`,
        [{ path: 'userIds', message: `at most ${MAX_QUERY_USERS}` }],
        'presence.query.too_large',
      );
    }
    const now = this.clock();
    const others = asked.filter((id) => id !== viewerId);
    const peers = new Set(others.length > 0 ? await this.peers.peersAmong(viewerId, others) : []);
    const watched = this.subscriptions.watchedBy(viewerId, others, now);
    const allowed = asked.filter((id) =>
      maySee(viewerId, id, { isPeer: peers.has(id), isSubscribed: watched.has(id) }),
    );
    const loaded = new Map(
      (await presenceRepository(this.dataSource).load(allowed)).map((p) => [
        p.stored.user.userId,
        p,
      ]),
    );
    return allowed.map((id) => {
      const found = loaded.get(id);
      // Never connected and never chose anything: offline, never seen.
      return eventDataOf(
        found
          ? presenceOf(found.stored.user, found.devices, now)
          : presenceOf(newUserPresence(id), [], now),
      );
    });
  }

  /** Whom a recorded connection was filed under (presence's id of them); none if unknown. */
  async ownerOf(connectionId: string): Promise<string | undefined> {
    return (await presenceRepository(this.dataSource).connection(connectionId))?.userId;
  }

  /** Replaces what `subscriber` watches and answers those people's presence now. */
  async subscribe(
    viewerId: string,
    subscriber: string,
    userIds: readonly string[],
    ttlMs: number,
  ): Promise<{ expiresAt: string; users: PresenceJson[] }> {
    const expiresAt = this.subscriptions.subscribe(
      subscriber,
      viewerId,
      userIds,
      ttlMs,
      this.clock(),
    );
    return {
      expiresAt: new Date(expiresAt).toISOString(),
      users: await this.visible(viewerId, userIds),
    };
  }
}
