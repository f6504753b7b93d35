import { Body, Controller, HttpCode, Inject, Post, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConflictError, ForbiddenError, NotFoundError } from '@tidings/platform/errors';
import {
  ApiZodBody,
  RequestPrincipal,
  RequirePermissionKey,
  ZodPipe,
} from '@tidings/platform/http';
import { INTEGRATIONS_MESSAGING, type IntegrationsMessaging, type PrincipalRef } from '../ports';
import { CONNECT_POSTING, type ConnectPosting } from './posting-port';
import { SlackErrorFilter } from './slack-errors';
import { chatPostMessageBody, slackMessageOf, type ChatPostMessageBody } from './slack-post';

/**
 * Slack Web API aliases for connectors (docs/integrations-bots.md): what a Slack bot already
 * sends works against Tidings with the base URL and the token changed. Answers are Slack's
 * shape (`ok`, `error`) with HTTP statuses that mean what they say.
 */
@ApiTags('connectors')
@ApiBearerAuth()
@Controller('connect')
@UseFilters(SlackErrorFilter)
export class ConnectChatController {
  constructor(
    @Inject(CONNECT_POSTING) private readonly posting: ConnectPosting,
    @Inject(INTEGRATIONS_MESSAGING) private readonly messaging: IntegrationsMessaging,
  ) {}

  @Post('chat.postMessage')
  @HttpCode(200)
  // connectors.use: a route for bots and integration accounts. Posting also needs
  // messaging.write, which the integration role grants — but a bot token may have been
  // scoped without it, and a route declares one permission: so its scopes are checked here.
  @RequirePermissionKey('connectors.use')
  @ApiOperation({
    summary:
      "Slack's chat.postMessage: post text, Block Kit blocks or attachments as the bot (thread_ts: reply in a thread)",
  })
  @ApiZodBody(chatPostMessageBody)
  async postMessage(
    @RequestPrincipal() principal: PrincipalRef,
    @Body(new ZodPipe(chatPostMessageBody)) body: ChatPostMessageBody,
  ) {
    if (principal.scopes && !principal.scopes.includes('messaging.write'))
      throw new ForbiddenError('auth.forbidden', 'This needs the permission messaging.write.');
    const message = slackMessageOf(body);
    const conversationId = await this.conversationOf(message.channel);
    const posted = await this.posting.post(principal, {
      conversationId,
      text: message.text,
      threadRootId: message.threadRootId,
      card: message.card,
    });
    return {
      ok: true,
      channel: posted.conversationId,
      ts: posted.id,
      message: {
        type: 'message',
        ...(posted.sender.kind === 'bot'
          ? { subtype: 'bot_message', bot_id: posted.sender.id }
          : {}),
        user: posted.sender.id,
        username: posted.sender.displayName ?? posted.sender.username,
        text: posted.text,
        ts: posted.id,
        ...(posted.threadRootId ? { thread_ts: posted.threadRootId } : {}),
        ...(posted.card ? { card: posted.card } : {}),
      },
    };
  }

  /** A conversation id, else a channel's name; several channels of that name: say so. */
  private async conversationOf(channel: string): Promise<string> {
    const found = await this.messaging.find(channel.replace(/^#/, ''));
    const [only] = found;
    if (!only)
      throw new NotFoundError('connect.channel.not_found', `No conversation "${channel}".`);
    if (found.length > 1)
      throw new ConflictError(
        'connect.channel.ambiguous',
        `Several channels are called "${channel}"; use the conversation id.`,
      );
    return only.id;
  }
}
