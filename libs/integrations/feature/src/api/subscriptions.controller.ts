import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ApiZodBody,
  RequestPrincipal,
  RequirePermissionKey,
  ZodPipe,
} from '@tidings/platform/http';
import { SubscriptionsService } from '../outgoing/subscriptions.service';
import { DeliveryLog } from '../outgoing/delivery-log';
import type { PrincipalRef } from '../ports';
import { rotateSecret, type RotateSecret } from './schemas';
import {
  createSubscription,
  deliveriesQuery,
  updateSubscription,
  type CreateSubscription,
  type DeliveriesQuery,
  type UpdateSubscription,
} from './subscription-schemas';

/**
 * Outgoing subscriptions' admin API (docs/integrations-outgoing.md): admins only
 * (`integrations.manage`) — a subscription sends events out of the server.
 */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('integrations/subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly log: DeliveryLog,
  ) {}

  @Post()
  @HttpCode(201)
  @RequirePermissionKey('integrations.manage')
  @ApiOperation({
    summary: 'Subscribe a receiver to events; the answer holds its signing secret, shown once',
  })
  @ApiZodBody(createSubscription)
  create(
    @RequestPrincipal() principal: PrincipalRef,
    @Body(new ZodPipe(createSubscription)) body: CreateSubscription,
  ) {
    return this.subscriptions.create(principal, body);
  }

  @Get()
  @RequirePermissionKey('integrations.manage')
  @ApiOperation({ summary: 'Every outgoing subscription' })
  async list() {
    return { items: await this.subscriptions.list() };
  }

  @Get(':id')
  @RequirePermissionKey('integrations.manage')
  @ApiOperation({ summary: 'One subscription (never its secret)' })
  async get(@Param('id') id: string) {
    return this.subscriptions.view(await this.subscriptions.get(id));
  }

  @Patch(':id')
  @RequirePermissionKey('integrations.manage')
  @ApiOperation({
    summary: 'Change a subscription; enabled: true re-enables one (also after a 410)',
  })
  @ApiZodBody(updateSubscription)
  update(
    @RequestPrincipal() principal: PrincipalRef,
    @Param('id') id: string,
    @Body(new ZodPipe(updateSubscription)) body: UpdateSubscription,
  ) {
    return this.subscriptions.update(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissionKey('integrations.manage')
  @ApiOperation({ summary: 'Delete a subscription with its delivery log' })
  async delete(@Param('id') id: string) {
    await this.subscriptions.delete(id);
  }

  @Post(':id/rotate')
  @HttpCode(200)
  @RequirePermissionKey('integrations.manage')
  @ApiOperation({
    summary:
      'A new signing secret, shown once; the old one also signs for overlapHours (default 24)',
  })
  @ApiZodBody(rotateSecret)
  rotate(@Param('id') id: string, @Body(new ZodPipe(rotateSecret)) body: RotateSecret) {
    const overlap = body.overlapHours === undefined ? undefined : body.overlapHours * 3_600_000;
    return this.subscriptions.rotate(id, overlap);
  }

  @Get(':id/deliveries')
  @RequirePermissionKey('integrations.manage')
  @ApiOperation({ summary: "The subscription's delivery log, newest first" })
  @ApiQuery({ name: 'status', required: false, description: 'pending | succeeded | failed | dead' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  deliveriesOf(
    @Param('id') id: string,
    @Query(new ZodPipe(deliveriesQuery)) query: DeliveriesQuery,
  ) {
    return this.log.page(id, query);
  }
}
