import {
  Body,
  Controller,
  Delete,
  Get,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import type { z } from 'zod';
import type { Caller } from '../caller';
import { appendedDetail } from '../messages/appended-detail';
import { CardActions } from '../messages/card.actions';
import { MessageActions } from '../messages/message.actions';
import { MessagingQueries } from '../reading/messaging.queries';
import { CurrentCaller } from './current-caller';
import { editMessage, historyQuery, sendMessage, updateCard } from './schemas';
import { messageView } from './views';

/** Messages: history by seq cursor, send, edit, delete, edit history, a card's update. */
@ApiTags('messaging')
@ApiBearerAuth()
@Controller()
export class MessagesController {
  constructor(
    private readonly actions: MessageActions,
    private readonly queries: MessagingQueries,
    private readonly cards: CardActions,
  ) {}

  @Get('conversations/:id/messages')
  @RequirePermissionKey('messaging.read')
  @ApiQuery({ name: 'before', required: false, description: 'messages with a smaller seq' })
  @ApiQuery({ name: 'after', required: false, description: 'messages with a larger seq' })
  @ApiQuery({ name: 'around', required: false, description: 'a page centred on this seq' })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiOperation({
    summary:
      'History, oldest first; no cursor: the newest page. hasOlder/hasNewer say what is left',
  })
  async history(
    @Param('id', ParseUUIDPipe) id: string,
    @Query(new ZodPipe(historyQuery)) query: z.output<typeof historyQuery>,
    @CurrentCaller() caller: Caller,
  ) {
    const page = await this.queries.history(caller, id, query);
    return { items: page.items.map(messageView), hasOlder: page.hasOlder, hasNewer: page.hasNewer };
  }

  @Post('conversations/:id/messages')
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary:
      'Send a message as the caller (a reply with threadRootId; a card with card, the text may then be empty). A retry with the same clientMsgId answers the original (409 messaging.client_msg_id.reused if the text differs)',
  })
  @ApiZodBody(sendMessage)
  async send(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodPipe(sendMessage)) body: z.output<typeof sendMessage>,
    @CurrentCaller() caller: Caller,
  ) {
    const sent = await this.actions.sendKeepingRecord(caller, id, body);
    return messageView(
      appendedDetail(sent, caller) ?? (await this.queries.message(sent.id, caller.id)),
    );
  }

  @Patch('messages/:id')
  @RequirePermissionKey('messaging.write')
  @ApiOperation({ summary: 'Edit one of your messages (the previous text goes to its history)' })
  @ApiZodBody(editMessage)
  async edit(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodPipe(editMessage)) body: z.output<typeof editMessage>,
    @CurrentCaller() caller: Caller,
  ) {
    await this.actions.edit(caller, id, body.text);
    return messageView(await this.queries.message(id, caller.id));
  }

  @Put('messages/:id/card')
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary:
      "Replace a message's card (its sender only: 403 messaging.message.not_author). With ifVersion, only if the card is still that version (409 card_version_conflict)",
  })
  @ApiZodBody(updateCard)
  async updateCard(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodPipe(updateCard)) body: z.output<typeof updateCard>,
    @CurrentCaller() caller: Caller,
  ) {
    const { messageId, card, cardVersion } = await this.cards.update(
      caller,
      id,
      body.card,
      body.ifVersion,
    );
    return { messageId, card, cardVersion };
  }

  @Delete('messages/:id')
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary: "Delete a message (yours, or as a channel's owner/admin): a tombstone keeps its seq",
  })
  async delete(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    await this.actions.delete(caller, id);
    return messageView(await this.queries.message(id, caller.id));
  }

  @Get('messages/:id/edits')
  @RequirePermissionKey('messaging.read')
  @ApiOperation({ summary: "A message's earlier texts, oldest first (its author only)" })
  async edits(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    const edits = await this.queries.edits(caller, id);
    return {
      items: edits.map((e) => ({
        text: e.previousText,
        editedBy: e.editedBy,
        editedAt: new Date(e.editedAt).toISOString(),
      })),
    };
  }
}
