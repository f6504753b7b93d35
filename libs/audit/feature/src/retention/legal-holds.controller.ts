import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import { actorOf, Principal, type AuditPrincipal } from '../api/principal';
import { RetentionSettings } from './retention-settings';
import { placeHoldBody, type PlaceHoldBody } from './schemas';
import { holdView } from './views';

/**
 * Legal holds (docs/compliance.md "Retention and legal hold"): a person's messages, or
 * everything in a conversation, kept from retention while the hold stands. Compliance only
 * (`retention.manage`); placing and releasing are recorded in the audit trail.
 */
@ApiTags('compliance')
@ApiBearerAuth()
@Controller('compliance/legal-holds')
export class LegalHoldsController {
  constructor(private readonly settings: RetentionSettings) {}

  @Get()
  @RequirePermissionKey('retention.manage')
  @ApiOperation({ summary: 'Every legal hold in force, oldest first' })
  async list() {
    return { items: (await this.settings.listHolds()).map(holdView) };
  }

  @Get(':id')
  @RequirePermissionKey('retention.manage')
  @ApiOperation({ summary: 'One legal hold' })
  async get(@Param('id') id: string) {
    return holdView(await this.settings.hold(id));
  }

  @Post()
  @HttpCode(201)
  @RequirePermissionKey('retention.manage')
  @ApiOperation({ summary: 'Place a hold on a person or a conversation: retention skips it' })
  @ApiZodBody(placeHoldBody)
  async place(
    @Principal() principal: AuditPrincipal,
    @Body(new ZodPipe(placeHoldBody)) body: PlaceHoldBody,
  ) {
    return holdView(await this.settings.placeHold(actorOf(principal), body));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissionKey('retention.manage')
  @ApiOperation({ summary: 'Release a hold: retention applies again from its next run' })
  async release(@Principal() principal: AuditPrincipal, @Param('id') id: string) {
    await this.settings.releaseHold(actorOf(principal), id);
  }
}
