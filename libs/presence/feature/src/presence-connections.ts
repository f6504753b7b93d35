import { Logger } from '@nestjs/common';
import type { DeviceActivity, PresenceSubscriptions } from '@tidings/presence/domain';
import type { PresenceActions } from './presence.actions';
import type { PersonRef, PresencePeers } from './presence-ports';
import type { PresenceJson } from './views';
import type { PresenceQueries } from './presence.queries';

/**
 * The port the gateway calls (the host binds its GATEWAY_PRESENCE to this): a socket signed
 * in, reported active/idle, subscribed to people, closed.
 *
 * Calls for one connection run one after another, in the order the gateway made them: the
 * close of a socket that opened a millisecond ago must not overtake its open, or the user would
 * keep a ghost device and never go offline.
 */
export class PresenceConnections {
  private readonly logger = new Logger('Presence');
  /** Per connection: the tail of its calls, and who it belongs to (resolved once). */
  private readonly connections = new Map<string, Entry>();

  constructor(
    private readonly actions: PresenceActions,
    private readonly peers: PresencePeers,
    private readonly subscriptions: PresenceSubscriptions,
    private readonly queries: PresenceQueries,
  ) {}

  /** Never rejects (a failure is logged): the gateway does not wait for presence. */
  connected(person: PersonRef, connectionId: string): Promise<void> {
    return this.queue(connectionId, async (entry) => {
      entry.userId = await this.peers.personIdOf(person);
      await this.actions.connected(entry.userId, connectionId);
    }).tail;
  }

  /** Never rejects (a failure is logged). */
  disconnected(_person: PersonRef, connectionId: string): Promise<void> {
    this.subscriptions.drop(subscriberOf(connectionId));
    const { entry, tail } = this.queue(connectionId, async (e) => {
      if (e.userId) await this.actions.disconnected(e.userId, connectionId);
    });
    // Forget the connection once its close is done, unless something was queued after it.
    void tail.then(() => {
      if (this.connections.get(connectionId) === entry && entry.tail === tail) {
        this.connections.delete(connectionId);
      }
    });
    return tail;
  }

  /** A `presence` frame: the client saw input recently (`active`) or not (`idle`). */
  activity(_person: PersonRef, connectionId: string, activity: DeviceActivity): Promise<void> {
    return this.enqueue(connectionId, async (entry) => {
      if (entry.userId) await this.actions.activity(entry.userId, connectionId, activity);
    });
  }

  /** A `presence.subscribe` frame: watch these people while this socket is open (or the lease lasts). */
  async subscribe(
    person: PersonRef,
    connectionId: string,
    userIds: readonly string[],
    ttlMs: number,
  ): Promise<{ expiresAt: string; users: PresenceJson[] }> {
    const viewerId = await this.peers.personIdOf(person);
    return this.queries.subscribe(viewerId, subscriberOf(connectionId), userIds, ttlMs);
  }

  /** Waits for every queued call (shutdown: before the database closes). */
  async drain(): Promise<void> {
    await Promise.all([...this.connections.values()].map((e) => e.tail));
  }

  private enqueue(connectionId: string, task: (entry: Entry) => Promise<void>): Promise<void> {
    return this.queue(connectionId, task).run;
  }

  private queue(connectionId: string, task: (entry: Entry) => Promise<void>) {
    let entry = this.connections.get(connectionId);
    if (!entry) this.connections.set(connectionId, (entry = { tail: Promise.resolve() }));
    const current = entry;
    const run = current.tail.then(() => task(current));
    // The chain goes on after a failure; the caller still sees its own failure.
    const tail = run.catch((error: unknown) =>
      this.logger.error(`presence update failed: ${String(error)}`, (error as Error)?.stack),
    );
    current.tail = tail;
    return { run, entry: current, tail };
  }
}

interface Entry {
  tail: Promise<void>;
  userId?: string;
}

export const subscriberOf = (connectionId: string) => `ws:${connectionId}`;
