import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WebhooksRepository } from '@tidings/integrations/data-access';
import { NotFoundError } from '@tidings/platform/errors';
import {
  ApiZodBody,
  RequestPrincipal,
  RequirePermissionKey,
  ZodPipe,
} from '@tidings/platform/http';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { INTEGRATIONS_MESSAGING, type IntegrationsMessaging, type PrincipalRef } from '../ports';
import { WebhooksService } from '../webhooks.service';
import { createWebhook, rotateSecret, type CreateWebhook, type RotateSecret } from './schemas';

/**
 * Incoming webhooks' admin API (docs/integrations.md). `messaging.write` lets a caller in; what
 * they may touch is decided per conversation and webhook (moderators: all; channel owners and
 * admins: their channels, and the webhooks they created).
 */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('integrations/webhooks')
export class WebhooksController {
  private readonly repo: WebhooksRepository;

  constructor(
    private readonly webhooks: WebhooksService,
    @Inject(INTEGRATIONS_MESSAGING) private readonly messaging: IntegrationsMessaging,
    @Inject(DATA_SOURCE) dataSource: DataSource,
  ) {
    this.repo = new WebhooksRepository(dataSource);
  }

  @Post()
  @HttpCode(201)
  @RequirePermissionKey('messaging.write')
  @ApiOperation({ summary: 'Create an incoming webhook; the answer holds its secret, shown once' })
  @ApiZodBody(createWebhook)
  create(
    @RequestPrincipal() principal: PrincipalRef,
    @Body(new ZodPipe(createWebhook)) body: CreateWebhook,
  ) {
    return this.webhooks.create(principal, body);
  }

  @Get()
  @RequirePermissionKey('messaging.write')
  @ApiOperation({ summary: 'The incoming webhooks the caller may manage' })
  async list(@RequestPrincipal() principal: PrincipalRef) {
    return { items: await this.webhooks.list(principal) };
  }

  @Get(':id')
  @RequirePermissionKey('messaging.write')
  @ApiOperation({ summary: 'One incoming webhook (never its secret)' })
  async get(@RequestPrincipal() principal: PrincipalRef, @Param('id') id: string) {
    return this.webhooks.view(await this.webhooks.get(principal, id));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissionKey('messaging.write')
  @ApiOperation({ summary: 'Delete an incoming webhook; its URL stops working at once' })
  async delete(@RequestPrincipal() principal: PrincipalRef, @Param('id') id: string) {
    await this.webhooks.delete(principal, id);
  }

  @Post(':id/rotate')
  @HttpCode(200)
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary: 'A new secret, shown once; the old one stays valid for overlapHours (default 24)',
  })
  @ApiZodBody(rotateSecret)
  rotate(
    @RequestPrincipal() principal: PrincipalRef,
    @Param('id') id: string,
    @Body(new ZodPipe(rotateSecret)) body: RotateSecret,
  ) {
    const overlap = body.overlapHours === undefined ? undefined : body.overlapHours * 3_600_000;
    return this.webhooks.rotate(principal, id, overlap);
  }

  @Get(':id/messages/:messageId')
  @RequirePermissionKey('messaging.write')
  @ApiOperation({ summary: 'What became of an accepted request: pending, posted or failed' })
  async status(
    @RequestPrincipal() principal: PrincipalRef,
    @Param('id') id: string,
    @Param('messageId') messageId: string,
  ) {
    await this.webhooks.get(principal, id);
    const request = await this.repo.requestByMessage(id, messageId);
    if (!request)
      throw new NotFoundError(
        'integrations.message.not_found',
        'This webhook accepted no such message.',
      );
    return {
      messageId,
      webhookId: id,
      conversationId: request.conversationId,
      acceptedAt: new Date(request.createdAt).toISOString(),
      ...(await this.messaging.messageStatus(messageId)),
    };
  }
}
