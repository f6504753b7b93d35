import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, Public, RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import { AuditKeys } from '../keys';
import { AuditQueries } from '../search/audit-queries';
import { actorOf, Principal, type AuditPrincipal } from './principal';
import {
  checkpointsQuery,
  searchQuery,
  verifyBody,
  type CheckpointsQuery,
  type SearchQuery,
  type VerifyBody,
} from './schemas';

/**
 * The audit trail's API (docs/compliance.md): compliance only (`audit.read`), except the
 * public key, which anyone may fetch to verify checkpoints and exports offline.
 */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly queries: AuditQueries,
    private readonly keys: AuditKeys,
  ) {}

  @Get('public-key')
  @Public()
  @ApiOperation({ summary: 'The Ed25519 key checkpoints and export manifests are signed with' })
  publicKey() {
    return this.keys.publicKey();
  }

  @Get('records')
  @ApiBearerAuth()
  @RequirePermissionKey('audit.read')
  @ApiOperation({
    summary: 'Search the audit trail (by time, users, conversations, types, text); recorded',
  })
  search(
    @Principal() principal: AuditPrincipal,
    @Query(new ZodPipe(searchQuery)) query: SearchQuery,
  ) {
    return this.queries.search(actorOf(principal), query);
  }

  @Get('checkpoints')
  @ApiBearerAuth()
  @RequirePermissionKey('audit.read')
  @ApiOperation({ summary: 'Signed checkpoints, newest first' })
  checkpoints(@Query(new ZodPipe(checkpointsQuery)) query: CheckpointsQuery) {
    return this.queries.checkpoints(query);
  }

  @Post('verify')
  @HttpCode(200)
  @ApiBearerAuth()
  @RequirePermissionKey('audit.read')
  @ApiOperation({
    summary: 'Recompute the chain and check the checkpoints; names the first bad record',
  })
  @ApiZodBody(verifyBody)
  verify(@Principal() principal: AuditPrincipal, @Body(new ZodPipe(verifyBody)) body: VerifyBody) {
    return this.queries.verify(actorOf(principal), body ?? {});
  }
}
