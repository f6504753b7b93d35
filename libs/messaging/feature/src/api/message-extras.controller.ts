import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import type { z } from 'zod';
import type { Caller } from '../caller';
import { PinActions } from '../messages/pin.actions';
import { ReactionActions } from '../messages/reaction.actions';
import { ThreadActions } from '../messages/thread.actions';
import { ExtrasQueries } from '../reading/extras.queries';
import { MessagingQueries } from '../reading/messaging.queries';
import { CurrentCaller } from './current-caller';
import { pinsQuery, threadQuery } from './schemas';
import { messageView } from './views';

/** Threads (read, follow), reactions and pins of messages. */
@ApiTags('messaging')
@ApiBearerAuth()
@Controller()
export class MessageExtrasController {
  constructor(
    private readonly threads: ThreadActions,
    private readonly reactions: ReactionActions,
    private readonly pins: PinActions,
    private readonly extras: ExtrasQueries,
    private readonly queries: MessagingQueries,
  ) {}

  @Get('messages/:id/thread')
  @RequirePermissionKey('messaging.read')
  @ApiQuery({ name: 'after', required: false, description: 'replies with a larger seq' })
  @ApiQuery({ name: 'before', required: false, description: 'replies with a smaller seq' })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiOperation({
    summary:
      'A thread: its root, every participant, and a page of replies oldest first (no cursor: from the first reply)',
  })
  async thread(
    @Param('id', ParseUUIDPipe) id: string,
    @Query(new ZodPipe(threadQuery)) query: z.output<typeof threadQuery>,
    @CurrentCaller() caller: Caller,
  ) {
    const thread = await this.extras.thread(caller, id, query);
    return {
      root: messageView(thread.root),
      participants: thread.participants,
      items: thread.replies.map(messageView),
      hasOlder: thread.hasOlder,
      hasNewer: thread.hasNewer,
    };
  }

  @Post('messages/:id/follow')
  @HttpCode(200)
  @RequirePermissionKey('messaging.write')
  @ApiOperation({ summary: 'Follow a thread (by its root message); idempotent' })
  async follow(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    await this.threads.setFollowing(caller, id, true);
    return { following: true };
  }

  @Delete('messages/:id/follow')
  @RequirePermissionKey('messaging.write')
  @ApiOperation({ summary: 'Stop following a thread (replying to it follows it again)' })
  async unfollow(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    await this.threads.setFollowing(caller, id, false);
    return { following: false };
  }

  @Get('messages/:id/reactions')
  @RequirePermissionKey('messaging.read')
  @ApiOperation({ summary: 'Who reacted with which emoji, in the order they did' })
  async reactionUsers(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    return { items: await this.extras.reactions(caller, id) };
  }

  @Put('messages/:id/reactions/:emoji')
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary:
      'React with one Unicode emoji (URL-encoded; 400 messaging.reaction.invalid for text); idempotent',
  })
  async react(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('emoji') emoji: string,
    @CurrentCaller() caller: Caller,
  ) {
    await this.reactions.add(caller, id, emoji);
    return messageView(await this.queries.message(id, caller.id));
  }

  @Delete('messages/:id/reactions/:emoji')
  @RequirePermissionKey('messaging.write')
  @ApiOperation({ summary: 'Take your reaction back; idempotent' })
  async unreact(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('emoji') emoji: string,
    @CurrentCaller() caller: Caller,
  ) {
    await this.reactions.remove(caller, id, emoji);
    return messageView(await this.queries.message(id, caller.id));
  }

  @Put('messages/:id/pin')
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary:
      "Pin a message (any member of a direct or group conversation; a channel's owners and admins); idempotent",
  })
  async pin(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    await this.pins.pin(caller, id);
    return messageView(await this.queries.message(id, caller.id));
  }

  @Delete('messages/:id/pin')
  @RequirePermissionKey('messaging.write')
  @ApiOperation({ summary: 'Unpin a message (who may: as for pinning); idempotent' })
  async unpin(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    await this.pins.unpin(caller, id);
    return messageView(await this.queries.message(id, caller.id));
  }

  @Get('conversations/:id/pins')
  @RequirePermissionKey('messaging.read')
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiOperation({ summary: "A conversation's pinned messages, most recently pinned first" })
  async pinned(
    @Param('id', ParseUUIDPipe) id: string,
    @Query(new ZodPipe(pinsQuery)) query: z.output<typeof pinsQuery>,
    @CurrentCaller() caller: Caller,
  ) {
    const page = await this.extras.pins(caller, id, query);
    return { items: page.items.map(messageView), nextCursor: page.nextCursor };
  }
}
