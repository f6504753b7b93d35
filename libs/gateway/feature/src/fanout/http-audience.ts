import { callInternal, type InternalServiceOptions } from '../internal-http';
import type { ConversationAudience } from './ports';

/** A principal as messaging needs it to name its recipient id (met structurally). */
export interface AudiencePrincipal {
  kind: 'user' | 'bot';
  userId: string;
  username: string;
  roles: readonly string[];
  scopes?: readonly string[];
}

/** Messaging's internal routes (MESSAGING_INTERNAL_URL). */
export type HttpAudienceOptions = InternalServiceOptions;

/**
 * The audience port for a gateway without messaging in its process: messaging's internal
 * routes over HTTP (messaging's api/internal-audience.controller.ts), authenticated by the
 * shared service token. The fan-out caches members (AudienceLookup), so this is one request per
 * conversation per cache period, not one per event. A failure throws: the fan-out's bus handler
 * is retried, a sign-in is refused and the client reconnects.
 */
export class HttpConversationAudience implements ConversationAudience {
  constructor(private readonly options: HttpAudienceOptions) {}

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

  private call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    return callInternal<T>('messaging', this.options, method, path, body);
  }
}
