import type { PresenceRecipients } from './fanout/presence-fanout.consumer';
import { callInternal, type InternalServiceOptions } from './internal-http';
import type { GatewayPresence, PresencePerson } from './presence-port';

/** Presence's internal routes (PRESENCE_INTERNAL_URL). */
export type HttpPresenceOptions = InternalServiceOptions;

/**
 * What a gateway without presence in its process asks presence over HTTP (presence's
 * api/internal-presence.controller.ts), with the shared service token: the answer to a
 * socket's `presence.subscribe` (the subscription is kept by presence, which decides who
 * receives a change), and who receives a user's `presence.changed`. A failure throws: the
 * frame is answered with an error, the presence fan-out's bus handler is retried.
 */
export class HttpPresence implements Pick<GatewayPresence, 'subscribe'>, PresenceRecipients {
  constructor(private readonly options: HttpPresenceOptions) {}

  subscribe(
    person: PresencePerson,
    connectionId: string,
    userIds: readonly string[],
    ttlMs: number,
  ): Promise<{ expiresAt: string; users: unknown[] }> {
    return this.call('POST', '/api/v1/internal/presence/subscriptions', {
      userId: person.userId,
      username: person.username,
      connectionId,
      userIds,
      ttlMs,
    });
  }

  async recipientsOf(userId: string): Promise<readonly string[]> {
    const body = await this.call<{ recipients: string[] }>(
      'GET',
      `/api/v1/internal/presence/users/${encodeURIComponent(userId)}/recipients`,
    );
    return body.recipients;
  }

  private call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    return callInternal<T>('presence', this.options, method, path, body);
  }
}
