import type { ConversationAudience } from './ports';

/** A principal as messaging needs it to name its recipient id (met structurally). */
export interface AudiencePrincipal {
  kind: 'user' | 'bot';
  userId: string;
  username: string;
  roles: readonly string[];
  scopes?: readonly string[];
}

export interface HttpAudienceOptions {
  /** Messaging's base URL as this process reaches it (MESSAGING_INTERNAL_URL). */
  baseUrl: string;
  /** The shared service token (INTERNAL_SERVICE_TOKEN). */
  serviceToken: string;
  /** Per request; a slow messaging must not hold a socket's sign-in or the fan-out for long. */
  timeoutMs?: number;
}

/**
 * The audience port for a gateway without messaging in its process: messaging's internal
 * routes over HTTP (messaging's api/internal-audience.controller.ts), authenticated by the
 * shared service token. The fan-out caches members (AudienceLookup), so this is one request per
 * conversation per cache period, not one per event. A failure throws: the fan-out's bus handler
 * is retried, a sign-in is refused and the client reconnects.
 */
export class HttpConversationAudience implements ConversationAudience {
  private readonly baseUrl: string;

  constructor(private readonly options: HttpAudienceOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async membersOf(conversationId: string): Promise<readonly string[]> {
    const body = await this.call<{ members: string[] }>(
      'GET',
      `/api/v1/internal/messaging/conversations/${encodeURIComponent(conversationId)}/members`,
    );
    return body.members;
  }

  /** The id messaging knows this principal by: its sockets are found under it. */
  async recipientIdOf(principal: AudiencePrincipal): Promise<string> {
    const body = await this.call<{ recipientId: string }>(
      'POST',
      '/api/v1/internal/messaging/recipient-ids',
      {
        kind: principal.kind,
        userId: principal.userId,
        username: principal.username,
        roles: principal.roles,
        ...(principal.scopes ? { scopes: principal.scopes } : {}),
      },
    );
    return body.recipientId;
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
    if (!response.ok) {
      throw new Error(`messaging ${method} ${path}: HTTP ${response.status}`);
    }
    return (await response.json()) as T;
  }
}
