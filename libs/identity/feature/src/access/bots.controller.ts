import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ApiTokenRecord, SubjectRecord } from '@tidings/identity/data-access';
import { ApiZodBody, ZodPipe } from '@tidings/platform/http';
import { z } from 'zod';
import type { AuthenticatedPrincipal } from '../auth/authenticator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RequirePermission } from '../auth/decorators';
import { IdentityActions } from './identity-actions';

const createBot = z.object({
  username: z
    .string()
    .regex(/^[a-z][a-z0-9._-]{2,63}$/, 'lowercase letters, digits, . _ -; 3-64 characters'),
  displayName: z.string().trim().min(1).max(100).optional(),
});
const createToken = z.object({
  expiresInDays: z.number().int().min(1).max(3650).nullable().default(null),
  /**
   * Permissions the token is limited to, among what the bot's role grants (else 422
   * identity.token.scope_invalid); absent: all of them (docs/integrations-bots.md).
   */
  scopes: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
});

const botView = (b: SubjectRecord) => ({
  id: b.id,
  username: b.username,
  displayName: b.displayName,
  active: b.active,
  createdAt: new Date(b.createdAt).toISOString(),
});

/** Never the hash, never the token: a listing shows only what identifies a token. */
const tokenView = (t: ApiTokenRecord) => ({
  id: t.id,
  prefix: `tdg_${t.prefix}`,
  scopes: t.scopes,
  createdAt: new Date(t.createdAt).toISOString(),
  expiresAt: t.expiresAt === null ? null : new Date(t.expiresAt).toISOString(),
  lastUsedAt: t.lastUsedAt === null ? null : new Date(t.lastUsedAt).toISOString(),
  revokedAt: t.revokedAt === null ? null : new Date(t.revokedAt).toISOString(),
});

@ApiTags('identity')
@ApiBearerAuth()
@Controller('bots')
export class BotsController {
  constructor(private readonly actions: IdentityActions) {}

  @Get()
  @RequirePermission('bots.manage')
  async list() {
    return { items: (await this.actions.listBots()).map(botView) };
  }

  @Post()
  @RequirePermission('bots.manage')
  @ApiZodBody(createBot)
  async create(
    @Body(new ZodPipe(createBot)) body: z.output<typeof createBot>,
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
  ) {
    return botView(
      await this.actions.createBot(body.username, body.displayName ?? null, principal),
    );
  }

  @Get(':botId/tokens')
  @RequirePermission('bots.manage')
  async tokens(@Param('botId', ParseUUIDPipe) botId: string) {
    return { items: (await this.actions.listBotTokens(botId)).map(tokenView) };
  }

  /** The response carries the token once; it cannot be shown again. */
  @Post(':botId/tokens')
  @RequirePermission('bots.manage')
  @ApiZodBody(createToken)
  async createToken(
    @Param('botId', ParseUUIDPipe) botId: string,
    @Body(new ZodPipe(createToken)) body: z.output<typeof createToken>,
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
  ) {
    const { token, record } = await this.actions.createBotToken(
      botId,
      body.expiresInDays,
      principal,
      body.scopes,
    );
    return { ...tokenView(record), token };
  }

  @Delete(':botId/tokens/:tokenId')
  @HttpCode(204)
  @RequirePermission('bots.manage')
  async revoke(
    @Param('botId', ParseUUIDPipe) botId: string,
    @Param('tokenId', ParseUUIDPipe) tokenId: string,
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
  ) {
    await this.actions.revokeBotToken(botId, tokenId, principal);
  }
}
