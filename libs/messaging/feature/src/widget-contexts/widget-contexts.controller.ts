import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiZodBody,
  RequestPrincipal,
  RequirePermissionKey,
  ZodPipe,
} from '@tidings/platform/http';
import type { FastifyReply } from 'fastify';
import type { Caller } from '../caller';
import { CurrentCaller } from '../api/current-caller';
import type { PrincipalLike } from '../messaging-options';
import { WidgetContextActions } from './widget-context.actions';
import { openContext, type ContextOpening } from './widget-context.schemas';

/** The embeddable widget's context conversations (docs/widget.md, "Context conversations"). */
@ApiTags('messaging')
@ApiBearerAuth()
@Controller('widget/contexts')
export class WidgetContextsController {
  constructor(private readonly actions: WidgetContextActions) {}

  @Post()
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary:
      "Open the context conversation of a widget page's business object: 201 created as the site's bot (with the caller and members), 200 existing (the caller joins). People only",
  })
  @ApiZodBody(openContext)
  async open(
    @Body(new ZodPipe(openContext)) body: ContextOpening,
    @CurrentCaller() caller: Caller,
    @RequestPrincipal() principal: PrincipalLike,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { conversation, created } = await this.actions.open(
      caller,
      body,
      principal.widget?.origin,
    );
    void reply.status(created ? 201 : 200);
    return {
      conversationId: conversation.id,
      created,
      title: conversation.name,
      context: conversation.context ?? null,
      archived: conversation.archivedAt !== null,
    };
  }
}
