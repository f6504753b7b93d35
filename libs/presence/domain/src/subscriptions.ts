import { ValidationError } from '@tidings/platform/errors';

/** Most users one subscription may watch: a screenful of the department tree, not the company. */
export const MAX_SUBSCRIBED_USERS = 500;
export const DEFAULT_SUBSCRIPTION_TTL_MS = 5 * 60_000;
export const MAX_SUBSCRIPTION_TTL_MS = 15 * 60_000;

interface Subscription {
  viewerId: string;
  targets: Set<string>;
  expiresAt: number;
}

/**
 * On-demand presence for directory viewers: a client showing people it shares no conversation
 * with (the department tree, a search result) subscribes to exactly those ids for a while and
 * renews while they stay on screen. Each subscriber — one connection, or one viewer's REST
 * calls — holds ONE set, replaced on every subscribe, so what a viewer receives is bounded by
 * what they look at, and presence traffic grows with screens, not with users squared.
 *
 * Memory only: subscriptions are leases the clients renew, so a restart loses nothing a
 * client does not restore within one renewal.
 */
export class PresenceSubscriptions {
  private readonly bySubscriber = new Map<string, Subscription>();
  private readonly byTarget = new Map<string, Set<string>>();

  /** Replaces what `subscriber` (of `viewerId`) watches; answers when the lease ends. */
  subscribe(
    subscriber: string,
    viewerId: string,
    targetIds: readonly string[],
    ttlMs: number,
    now: number,
  ): number {
    const targets = new Set(targetIds.filter((id) => id !== viewerId));
    if (targets.size > MAX_SUBSCRIBED_USERS) {
      throw new ValidationError(
        `At most ${MAX_SUBSCRIBED_USERS} users per subscription.`,
        [{ path: 'userIds', message: `at most ${MAX_SUBSCRIBED_USERS}` }],
        'presence.subscription.too_large',
      );
    }
    this.drop(subscriber);
    const expiresAt = now + Math.min(Math.max(ttlMs, 1_000), MAX_SUBSCRIPTION_TTL_MS);
    if (targets.size === 0) return expiresAt;
    this.bySubscriber.set(subscriber, { viewerId, targets, expiresAt });
    for (const target of targets) {
      let subscribers = this.byTarget.get(target);
      if (!subscribers) this.byTarget.set(target, (subscribers = new Set()));
      subscribers.add(subscriber);
    }
    return expiresAt;
  }

  /** Ends a subscription (its connection closed, or the client unsubscribed). */
  drop(subscriber: string): void {
    const old = this.bySubscriber.get(subscriber);
    if (!old) return;
    this.bySubscriber.delete(subscriber);
    for (const target of old.targets) {
      const subscribers = this.byTarget.get(target);
      subscribers?.delete(subscriber);
      if (subscribers?.size === 0) this.byTarget.delete(target);
    }
  }

  /** Viewers currently watching `targetId` (expired leases are dropped on the way). */
  viewersOf(targetId: string, now: number): Set<string> {
    const viewers = new Set<string>();
    for (const subscriber of [...(this.byTarget.get(targetId) ?? [])]) {
      const subscription = this.live(subscriber, now);
      if (subscription) viewers.add(subscription.viewerId);
    }
    return viewers;
  }

  /** Which of `targetIds` the viewer watches right now, through any of their subscribers. */
  watchedBy(viewerId: string, targetIds: readonly string[], now: number): Set<string> {
    return new Set(targetIds.filter((target) => this.viewersOf(target, now).has(viewerId)));
  }

  /** Drops every lease that has run out; the host calls it now and then to free memory. */
  sweep(now: number): void {
    for (const subscriber of [...this.bySubscriber.keys()]) this.live(subscriber, now);
  }

  get size(): number {
    return this.bySubscriber.size;
  }

  private live(subscriber: string, now: number): Subscription | undefined {
    const subscription = this.bySubscriber.get(subscriber);
    if (subscription && subscription.expiresAt <= now) {
      this.drop(subscriber);
      return undefined;
    }
    return subscription;
  }
}

/**
 * Who may see a user's presence: the user, people who share a conversation with them (their
 * peers), and viewers subscribed to them. Nobody else — not even by asking for the id.
 */
export function maySee(
  viewerId: string,
  targetId: string,
  relations: { isPeer: boolean; isSubscribed: boolean },
): boolean {
  return viewerId === targetId || relations.isPeer || relations.isSubscribed;
}
