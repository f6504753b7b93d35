import { presenceChangedV1, type Actor } from '@tidings/contracts';
import type { TransactionRunner } from '@tidings/platform/bus';
import {
  presenceRepository,
  type ConnectionRecord,
  type PresenceRepository,
} from '@tidings/presence/data-access';
import {
  applyStatusChange,
  nextDeadline,
  presenceOf,
  sameView,
  settled,
  type DeviceActivity,
  type PresenceView,
  type StatusChange,
  type UserPresence,
} from '@tidings/presence/domain';
import type { DataSource } from 'typeorm';
import { eventDataOf } from './views';

/** Where the actions report when a user's view next changes by time alone. */
export interface DeadlineSink {
  set(userId: string, at: number | null): void;
}

interface Mutation {
  user?: UserPresence;
  /** When the user was last seen, if not "now" (a swept connection's last sign of life). */
  lastSeenAt?: number;
}

const SYSTEM: Actor = { kind: 'system', id: 'presence' };
const userActor = (userId: string): Actor => ({ kind: 'user', id: userId });

/**
 * The one write path of presence (DESIGN.md §4.1). Every change — a device connecting,
 * going idle, leaving; the user choosing DND; a DND running out — goes through `change`: lock
 * the user's row, apply, recompute the aggregate view, and in the same transaction publish
 * `presence.changed` if (and only if) the view differs from the last one published. A device
 * flap that leaves the aggregate as it was writes its row and publishes nothing.
 */
export class PresenceActions {
  constructor(
    private readonly runner: TransactionRunner,
    /** For reads outside a transaction (the boot sweep's list of users). */
    private readonly dataSource: DataSource,
    private readonly holderId: string,
    private readonly deadlines: DeadlineSink,
    private readonly clock: () => number = Date.now,
  ) {}

  /** `holder`: the gateway process holding the socket, this process's own by default. */
  connected(userId: string, connectionId: string, holder = this.holderId): Promise<PresenceView> {
    return this.change(userId, userActor(userId), async (repo, _user, now) => {
      await repo.addConnection({
        connectionId,
        userId,
        holder,
        activity: 'active',
        connectedAt: now,
        changedAt: now,
      });
      return {};
    });
  }

  disconnected(userId: string, connectionId: string): Promise<PresenceView> {
    return this.change(userId, userActor(userId), async (repo) => {
      await repo.removeConnection(connectionId);
      return {};
    });
  }

  activity(userId: string, connectionId: string, activity: DeviceActivity): Promise<PresenceView> {
    return this.change(userId, userActor(userId), async (repo, _user, now) => {
      await repo.setActivity(connectionId, activity, now);
      return {};
    });
  }

  /** `PUT /presence/me`: validated by the domain, refused whole if any part is wrong. */
  setStatus(userId: string, change: StatusChange): Promise<PresenceView> {
    return this.change(userId, userActor(userId), async (_repo, user, now) => ({
      user: applyStatusChange(user, change, now),
    }));
  }

  /** A DND or custom status ran out (the timer fired, or boot found it overdue). */
  expire(userId: string): Promise<PresenceView> {
    return this.change(userId, SYSTEM, async () => ({}));
  }

  /**
   * Removes the connections of dead holders: in the embedded host, the previous run's, whose
   * sockets died with it (swept at boot); in distributed mode also those of a gateway process
   * whose lease ran out (it was killed, or lost touch). A user left without any goes offline,
   * last seen at their connections' last sign of life (a crash gives no better time). Answers
   * the connections it removed, so their subscriptions can end too.
   */
  async sweepDeadHolders(): Promise<ConnectionRecord[]> {
    const users = await presenceRepository(this.dataSource).usersOfDeadHolders(this.holderId);
    const swept: ConnectionRecord[] = [];
    for (const userId of users) {
      await this.change(userId, SYSTEM, async (repo) => {
        const removed = await repo.removeOfDeadHolders(userId, this.holderId);
        swept.push(...removed);
        return { lastSeenAt: lastSignOfLife(removed) };
      });
    }
    return swept;
  }

  private async change(
    userId: string,
    actor: Actor,
    mutate: (repo: PresenceRepository, user: UserPresence, now: number) => Promise<Mutation>,
  ): Promise<PresenceView> {
    const { view, deadline } = await this.runner.run(async (tx) => {
      const repo = presenceRepository(tx.manager);
      const stored = await repo.lock(userId);
      const now = this.clock();
      const hadDevices = (await repo.connectionsOf(userId)).length > 0;
      const mutation = await mutate(repo, settled(stored.user, now), now);
      let user = mutation.user ?? settled(stored.user, now);
      const devices = (await repo.connectionsOf(userId)).map((c) => c.activity);
      if (hadDevices && devices.length === 0) {
        user = { ...user, lastSeenAt: mutation.lastSeenAt ?? now };
      }
      const view = presenceOf(user, devices, now);
      if (!sameView(stored.published, view)) {
        tx.publish(presenceChangedV1, { key: userId, actor, data: eventDataOf(view) });
      }
      const deadline = nextDeadline(user, now);
      await repo.save({ user, published: view, nextDeadline: deadline }, now);
      return { view, deadline };
    });
    this.deadlines.set(userId, deadline);
    return view;
  }
}

function lastSignOfLife(connections: ConnectionRecord[]): number | undefined {
  return connections.length > 0 ? Math.max(...connections.map((c) => c.changedAt)) : undefined;
}
