import type { PresenceSubscriptions } from '@tidings/presence/domain';
import type { PresencePeers } from './presence-ports';

/**
 * Who should receive a user's `presence.changed` — for fan-out, which delivers it only to
 * these users' sockets: the user themself (their other devices), their conversation peers,
 * and whoever subscribes to them right now. Anyone else never receives it.
 */
export class PresenceAudience {
  constructor(
    private readonly peers: PresencePeers,
    private readonly subscriptions: PresenceSubscriptions,
    private readonly clock: () => number = Date.now,
  ) {}

  async recipientsOf(userId: string): Promise<string[]> {
    const recipients = new Set([userId, ...(await this.peers.peersOf(userId))]);
    for (const viewer of this.subscriptions.viewersOf(userId, this.clock())) recipients.add(viewer);
    return [...recipients];
  }
}
