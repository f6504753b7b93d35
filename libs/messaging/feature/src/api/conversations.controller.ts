import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { Caller } from '../caller';
import { ConversationActions } from '../conversations/conversation.actions';
import { MessagingQueries } from '../reading/messaging.queries';
import { ReadActions } from '../reading/read.actions';
import { CurrentCaller } from './current-caller';
import {
  createConversation,
  listQuery,
  markRead,
  muteConversation,
  updateConversation,
} from './schemas';
import { conversationView, messageView } from './views';

/**
 * Conversations: create or open, the caller's list, one conversation, rename, archive and
 * unarchive, read.
 */
@ApiTags('messaging')
@ApiBearerAuth()
@Controller('conversations')
export class ConversationsController {
  constructor(
    private readonly actions: ConversationActions,
    private readonly reads: ReadActions,
    private readonly queries: MessagingQueries,
  ) {}

  @Post()
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary:
      'Create a channel, or open the direct / group conversation with these people (201 new, 200 existing)',
  })
  @ApiZodBody(createConversation)
  async create(
    @Body(new ZodPipe(createConversation)) body: z.output<typeof createConversation>,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { conversation, created } = await this.actions.create(caller, body);
    void reply.status(created ? 201 : 200);
    return this.view(caller, conversation.id);
  }

  @Get()
  @RequirePermissionKey('messaging.read')
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiOperation({
    summary:
      "The caller's conversations, most recently active first, with unread and mention counts",
  })
  async list(
    @Query(new ZodPipe(listQuery)) query: z.output<typeof listQuery>,
    @CurrentCaller() caller: Caller,
  ) {
    const page = await this.queries.list(caller, query);
    return {
      items: page.items.map((item) => ({
        ...conversationView(item.conversation, item.member),
        unreadCount: item.counts.unread,
        mentionCount: item.counts.mentions,
        lastMessage: item.lastMessage ? messageView(item.lastMessage) : null,
        memberIds: item.memberIds,
      })),
      nextCursor: page.nextCursor,
    };
  }

  @Get(':id')
  @RequirePermissionKey('messaging.read')
  @ApiOperation({ summary: 'One conversation (404 messaging.conversation.not_found if hidden)' })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    return this.view(caller, id);
  }

  @Patch(':id')
  @RequirePermissionKey('messaging.write')
  @ApiOperation({ summary: "Change a channel's name (owners, admins), topic or purpose" })
  @ApiZodBody(updateConversation)
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodPipe(updateConversation)) body: z.output<typeof updateConversation>,
    @CurrentCaller() caller: Caller,
  ) {
    await this.actions.update(caller, id, body);
    return this.view(caller, id);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @RequirePermissionKey('messaging.write')
  @ApiOperation({ summary: 'Archive a channel: readable by its members, no longer writable' })
  async archive(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    await this.actions.archive(caller, id);
    return this.view(caller, id);
  }

  @Post(':id/unarchive')
  @HttpCode(200)
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary:
      'Reopen an archived channel (owners, admins, moderators); 409 messaging.conversation.not_archived if it is open',
  })
  async unarchive(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    await this.actions.unarchive(caller, id);
    return this.view(caller, id);
  }

  @Post(':id/read')
  @HttpCode(200)
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary: 'Mark everything up to seq read (never moves back); answers the new counts',
  })
  @ApiZodBody(markRead)
  async markRead(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodPipe(markRead)) body: z.output<typeof markRead>,
    @CurrentCaller() caller: Caller,
  ) {
    const { lastReadSeq } = await this.reads.markRead(caller, id, body.seq);
    const counts = await this.queries.counts(caller, id);
    return { lastReadSeq, unreadCount: counts.unread, mentionCount: counts.mentions };
  }

  @Put(':id/mute')
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary:
      'Mute or unmute the conversation for the caller, on all their devices (clients show no desktop notifications from it; unread counts are kept). Members only',
  })
  @ApiZodBody(muteConversation)
  async mute(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodPipe(muteConversation)) body: z.output<typeof muteConversation>,
    @CurrentCaller() caller: Caller,
  ) {
    await this.reads.setMuted(caller, id, body.muted);
    return this.view(caller, id);
  }

  @Get(':id/receipts')
  @RequirePermissionKey('messaging.read')
  @ApiOperation({
    summary:
      "Each member's read position (conversations of at most 50 members, else 422 messaging.receipts.too_many_members)",
  })
  async receipts(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    return { items: await this.queries.receipts(caller, id) };
  }

  private async view(caller: Caller, id: string) {
    const { conversation, member } = await this.queries.get(caller, id);
    return conversationView(conversation, member);
  }
}
