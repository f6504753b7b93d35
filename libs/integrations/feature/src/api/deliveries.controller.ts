import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissionKey } from '@tidings/platform/http';
import { DeliveryDispatcher } from '../outgoing/delivery-dispatcher';
import { DeliveryLog } from '../outgoing/delivery-log';
import { deliveryView } from '../outgoing/views';

/** The delivery log's entries and replay (docs/integrations-outgoing.md); admins only. */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('integrations/deliveries')
export class DeliveriesController {
  constructor(
    private readonly dispatcher: DeliveryDispatcher,
    private readonly log: DeliveryLog,
  ) {}

  @Get(':id')
  @RequirePermissionKey('integrations.manage')
  @ApiOperation({
    summary: 'One delivery with every try: headers and body sent, status, latency, answer',
  })
  get(@Param('id') id: string) {
    return this.log.detail(id);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @RequirePermissionKey('integrations.manage')
  @ApiOperation({ summary: 'Try a delivery again now: same webhook-id, a new try' })
  async replay(@Param('id') id: string) {
    return deliveryView(await this.dispatcher.replay(id));
  }
}
