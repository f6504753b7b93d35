import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiZodBody,
  RequestPrincipal,
  RequirePermissionKey,
  ZodPipe,
} from '@tidings/platform/http';
import { z } from 'zod';
import type { PrincipalRef } from '../ports';
import { CardActions } from './card-actions.service';

const clickBody = z.object({
  actionId: z.string().min(1).max(100),
  values: z.record(z.string().max(100), z.string().max(2000)).default({}),
});

/** Where a person's client sends a click on a card's action. */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('messages/:id/card-actions')
export class CardActionsController {
  constructor(private readonly actions: CardActions) {}

  @Post()
  @HttpCode(200)
  @RequirePermissionKey('messaging.write')
  @ApiOperation({
    summary:
      "Act on a card: delivered to the card's integration; 200 with the new card when it answered with one, else 202",
  })
  @ApiZodBody(clickBody)
  async click(
    @RequestPrincipal() principal: PrincipalRef,
    @Param('id') messageId: string,
    @Body(new ZodPipe(clickBody)) body: z.output<typeof clickBody>,
    @Res({ passthrough: true }) reply: { status(code: number): unknown },
  ) {
    const result = await this.actions.click(principal, messageId, body);
    if (result.status !== 'updated') reply.status(202);
    return result;
  }
}
