import type { PresenceRecipients } from './fanout/presence-fanout.consumer';
import type { GatewayPresence, PresencePerson } from './presence-port';

export interface HttpPresenceOptions {
  /** Presence's base URL as this process reaches it (PRESENCE_INTERNAL_URL). */
  baseUrl: string;
  /** The shared service token (INTERNAL_SERVICE_TOKEN). */
  serviceToken: string;
  /** Per request; a slow presence must not hold a frame's answer or the fan-out for long. */
  timeoutMs?: number;
}

/**
 * What a gateway without presence in its process asks presence over HTTP (presence's
 * api/internal-presence.controller.ts), with the shared service token: the answer to a
 * socket's `presence.subscribe` (the subscription is kept by presence, which decides who
 * receives a change), and who receives a user's `presence.changed`. A failure throws: the
 * frame is answered with an error, the presence fan-out's bus handler is retried.
 */
export class HttpPresence implements Pick<GatewayPresence, 'subscribe'>, PresenceRecipients {
  private readonly baseUrl: string;

  constructor(private readonly options: HttpPresenceOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

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

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        'x-tidings-service-token': this.options.serviceToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
    });
    if (!response.ok) throw new Error(`presence ${method} ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  }
}
