import { cardSchema, type Card } from '@tidings/contracts';
import { z } from 'zod';
import type { ClickedCard, IntegrationsCards } from '../card-actions/ports';
import type { ConnectPost, ConnectPosting, PostedMessage } from '../connect/posting-port';
import type { EventAudience } from '../outgoing/ports';
import type { ConversationRef, IntegrationsMessaging, MessageStatus, PrincipalRef } from '../ports';
import { InternalHttpClient, type InternalHttpOptions } from './internal-http-client';

export interface MessagingOverHttpOptions extends InternalHttpOptions {
  /**
   * Whether a principal moderates: a question of its roles and scopes alone, answered here
   * without a request (the host binds it to identity's permission table, as messaging's is).
   */
  isModerator(principal: PrincipalRef): boolean;
}

// The answers' shapes: checked, so a messaging of another version fails loudly here.
const conversations = z.object({
  conversations: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullable(),
      kind: z.string(),
      archived: z.boolean(),
    }),
  ),
});
const mayManage = z.object({ mayManage: z.boolean() });
const mayObserve = z.object({ mayObserve: z.boolean() });
const messageStatus = z.discriminatedUnion('status', [
  z.object({ status: z.literal('pending') }),
  z.object({ status: z.literal('posted') }),
  z.object({ status: z.literal('failed'), reason: z.string() }),
]);
const cardView = z.object({
  found: z
    .object({
      conversationId: z.string(),
      senderId: z.string(),
      card: cardSchema.nullable(),
      cardVersion: z.number(),
      reader: z.object({
        id: z.string(),
        member: z.boolean(),
        username: z.string().nullable(),
        displayName: z.string().nullable(),
      }),
    })
    .nullable(),
});
const cardUpdate = z.object({ card: cardSchema, cardVersion: z.number() });
// messaging's message view (api/views.ts): the fields chat.postMessage answers with.
const postedMessage = z.object({
  id: z.string(),
  conversationId: z.string(),
  text: z.string(),
  createdAt: z.string().nullable(),
  threadRootId: z.string().nullable(),
  card: cardSchema.nullable(),
  sender: z.object({
    id: z.string(),
    kind: z.string(),
    username: z.string().nullable(),
    displayName: z.string().nullable(),
  }),
});

/** The principal as messaging's internal routes take it (what the token check established). */
const principalOf = (p: PrincipalRef) => ({
  kind: p.kind,
  userId: p.userId,
  username: p.username,
  roles: [...p.roles],
  ...(p.scopes ? { scopes: [...p.scopes] } : {}),
});

const segment = encodeURIComponent;

/**
 * Integrations' messaging ports for a process without messaging (TIDINGS_SERVICES): messaging's
 * internal routes (messaging's api/internal-integrations.controller.ts) over HTTP. The same
 * answers as the in-process bindings, and the same refusals (problem codes) — messaging still
 * decides membership, authorship and limits, for the principal passed along.
 */
export class MessagingOverHttp
  implements IntegrationsMessaging, IntegrationsCards, ConnectPosting, EventAudience
{
  private readonly http: InternalHttpClient;

  constructor(private readonly options: MessagingOverHttpOptions) {
    this.http = new InternalHttpClient(options);
  }

  async find(ref: string): Promise<ConversationRef[]> {
    const query = new URLSearchParams({ ref }).toString();
    return (await this.http.call('GET', `/integrations/conversations?${query}`, conversations))
      .conversations;
  }

  isModerator(principal: PrincipalRef): boolean {
    return this.options.isModerator(principal);
  }

  async mayManage(principal: PrincipalRef, conversationId: string): Promise<boolean> {
    if (this.isModerator(principal)) return true;
    const path = `/integrations/conversations/${segment(conversationId)}/may-manage`;
    return (await this.http.call('POST', path, mayManage, { principal: principalOf(principal) }))
      .mayManage;
  }

  messageStatus(messageId: string): Promise<MessageStatus> {
    return this.http.call(
      'GET',
      `/integrations/webhook-messages/${segment(messageId)}`,
      messageStatus,
    );
  }

  async mayObserve(conversationId: string, botId: string | null): Promise<boolean> {
    const query = botId === null ? '' : `?${new URLSearchParams({ botId }).toString()}`;
    const path = `/integrations/conversations/${segment(conversationId)}/may-observe${query}`;
    return (await this.http.call('GET', path, mayObserve)).mayObserve;
  }

  async cardOf(messageId: string, reader: PrincipalRef): Promise<ClickedCard | null> {
    const path = `/integrations/messages/${segment(messageId)}/card-views`;
    return (await this.http.call('POST', path, cardView, { reader: principalOf(reader) })).found;
  }

  updateAsSender(
    senderId: string,
    messageId: string,
    card: Card,
  ): Promise<{ card: Card; cardVersion: number }> {
    const path = `/integrations/messages/${segment(messageId)}/card`;
    return this.http.call('PUT', path, cardUpdate, { senderId, card });
  }

  post(principal: PrincipalRef, message: ConnectPost): Promise<PostedMessage> {
    const path = `/integrations/conversations/${segment(message.conversationId)}/messages`;
    return this.http.call('POST', path, postedMessage, {
      principal: principalOf(principal),
      text: message.text,
      threadRootId: message.threadRootId,
      card: message.card,
    });
  }
}
