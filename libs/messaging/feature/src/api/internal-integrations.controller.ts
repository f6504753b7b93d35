import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { cardSchema } from '@tidings/contracts';
import { Public, ZodPipe } from '@tidings/platform/http';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { IntegrationCards, type MessageCardOf } from '../integrations/integration-cards';
import {
  IntegrationConversationQueries,
  type IntegrationConversation,
} from '../integrations/integration-conversations.queries';
import {
  WebhookMessagesConsumer,
  type WebhookMessageStatus,
} from '../integrations/webhook-messages.consumer';
import { MessageActions } from '../messages/message.actions';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging-options';
import { MessagingQueries } from '../reading/messaging.queries';
import { CallerPipe } from './current-caller';
import {
  principalBody,
  SERVICE_TOKEN_HEADER,
  serviceTokenCheck,
} from './internal-audience.controller';
import { messageView } from './views';

const id = z.string().min(1).max(200);

const conversationQuery = z.object({ ref: z.string().min(1).max(200) }).strict();
const observerQuery = z.object({ botId: id.optional() }).strict();
const principalOnly = z.object({ principal: principalBody }).strict();
const readerOnly = z.object({ reader: principalBody }).strict();
const cardUpdate = z
  .object({ senderId: id, card: cardSchema, ifVersion: z.number().int().min(0).optional() })
  .strict();
/**
 * What chat.postMessage posts. Text length is not capped here: the send's own rule
 * (MESSAGE_MAX_CHARS → 422 messaging.message.too_long) answers it, as for a person's send.
 */
const post = z
  .object({
    principal: principalBody,
    text: z.string(),
    threadRootId: id.nullable(),
    card: cardSchema.nullable(),
  })
  .strict();

/**
 * What the integrations service in another process asks messaging (in-process, the host binds
 * integrations' ports to the same objects): conversations by reference, who may bind webhooks
 * or observe events, what became of a webhook's message, a card as its reader sees it, a card's
 * update as its sender, and a bot connector's post through the one send path.
 *
 * Service-to-service like InternalAudienceController: the shared service token, not a user's
 * token. The caller (the principal integrations authenticated) travels in the body; messaging's
 * own checks (membership, authorship, limits) then run for that principal, and their refusals
 * answer as problem+json, which integrations hands on unchanged.
 */
@ApiExcludeController()
@Controller('internal/messaging/integrations')
export class InternalIntegrationsController {
  private readonly conversations: IntegrationConversationQueries;
  private readonly check: (token: string | undefined) => void;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly cards: IntegrationCards,
    private readonly webhookMessages: WebhookMessagesConsumer,
    private readonly actions: MessageActions,
    private readonly callers: CallerPipe,
    private readonly queries: MessagingQueries,
  ) {
    this.conversations = new IntegrationConversationQueries(dataSource);
    this.check = serviceTokenCheck(options);
  }

  @Get('conversations')
  @Public()
  async find(
    @Headers(SERVICE_TOKEN_HEADER) token: string | undefined,
    @Query(new ZodPipe(conversationQuery)) query: z.output<typeof conversationQuery>,
  ): Promise<{ conversations: IntegrationConversation[] }> {
    this.check(token);
    return { conversations: await this.conversations.find(query.ref) };
  }

  /** Moderators, or an owner / admin member: who may bind a webhook to the conversation. */
  @Post('conversations/:id/may-manage')
  @Public()
  @HttpCode(200)
  async mayManage(
    @Headers(SERVICE_TOKEN_HEADER) token: string | undefined,
    @Param('id') conversationId: string,
    @Body(new ZodPipe(principalOnly)) body: z.output<typeof principalOnly>,
  ): Promise<{ mayManage: boolean }> {
    this.check(token);
    const mayManage =
      this.options.isModerator(body.principal) ||
      (await this.conversations.isOwnerOrAdmin(body.principal, conversationId));
    return { mayManage };
  }

  @Get('conversations/:id/may-observe')
  @Public()
  async mayObserve(
    @Headers(SERVICE_TOKEN_HEADER) token: string | undefined,
    @Param('id') conversationId: string,
    @Query(new ZodPipe(observerQuery)) query: z.output<typeof observerQuery>,
  ): Promise<{ mayObserve: boolean }> {
    this.check(token);
    return { mayObserve: await this.conversations.mayObserve(conversationId, query.botId ?? null) };
  }

  /** The webhook consumer runs in messaging's process: it alone remembers refusals. */
  @Get('webhook-messages/:id')
  @Public()
  async messageStatus(
    @Headers(SERVICE_TOKEN_HEADER) token: string | undefined,
    @Param('id') messageId: string,
  ): Promise<WebhookMessageStatus> {
    this.check(token);
    return this.webhookMessages.statusOf(messageId);
  }

  /** `found: null`: no such message, or the reader may not read its conversation. */
  @Post('messages/:id/card-views')
  @Public()
  @HttpCode(200)
  async cardOf(
    @Headers(SERVICE_TOKEN_HEADER) token: string | undefined,
    @Param('id') messageId: string,
    @Body(new ZodPipe(readerOnly)) body: z.output<typeof readerOnly>,
  ): Promise<{ found: MessageCardOf | null }> {
    this.check(token);
    return { found: await this.cards.cardOf(messageId, body.reader) };
  }

  @Put('messages/:id/card')
  @Public()
  async updateCard(
    @Headers(SERVICE_TOKEN_HEADER) token: string | undefined,
    @Param('id') messageId: string,
    @Body(new ZodPipe(cardUpdate)) body: z.output<typeof cardUpdate>,
  ) {
    this.check(token);
    const { card, cardVersion } = await this.cards.updateAsSender(
      body.senderId,
      messageId,
      body.card,
      body.ifVersion,
    );
    return { card, cardVersion };
  }

  /** A connector's post as the principal its token names: a person's send, same checks. */
  @Post('conversations/:id/messages')
  @Public()
  async post(
    @Headers(SERVICE_TOKEN_HEADER) token: string | undefined,
    @Param('id') conversationId: string,
    @Body(new ZodPipe(post)) body: z.output<typeof post>,
  ) {
    this.check(token);
    const caller = await this.callers.transform(body.principal);
    const sent = await this.actions.sendKeepingRecord(caller, conversationId, {
      text: body.text,
      threadRootId: body.threadRootId,
      card: body.card,
    });
    return messageView(await this.queries.message(sent.id, caller.id));
  }
}
