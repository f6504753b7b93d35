import {
  Body,
  Controller,
  createParamDecorator,
  Get,
  HttpCode,
  Inject,
  Post,
  Put,
  Query,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import { DEFAULT_SUBSCRIPTION_TTL_MS } from '@tidings/presence/domain';
import type { z } from 'zod';
import { PresenceActions } from '../presence.actions';
import { PresenceQueries } from '../presence.queries';
import { PRESENCE_PEERS, type PersonRef, type PresencePeers } from '../presence-ports';
import { eventDataOf } from '../views';
import { presenceQuery, setMyPresence, subscribe } from './schemas';

/** The principal identity's AuthGuard left on the request (met structurally). */
const Principal = createParamDecorator((_: unknown, context: ExecutionContext): PersonRef => {
  const principal = context.switchToHttp().getRequest<{ principal?: PersonRef }>().principal;
  if (!principal) throw new Error('Principal used on a route without a permission');
  return principal;
});

/**
 * The caller's own presence, and others' as far as the caller may see them. Changing one's
 * status needs only `self.read` — every person holds it, bots do not; seeing others needs
 * `directory.read`, and then shows only peers and subscriptions (docs/presence.md).
 */
@ApiTags('presence')
@ApiBearerAuth()
@Controller('presence')
export class PresenceController {
  constructor(
    private readonly actions: PresenceActions,
    private readonly queries: PresenceQueries,
    @Inject(PRESENCE_PEERS) private readonly peers: PresencePeers,
  ) {}

  @Get('me')
  @RequirePermissionKey('self.read')
  @ApiOperation({ summary: "The caller's own presence" })
  async mine(@Principal() principal: PersonRef) {
    const me = await this.peers.personIdOf(principal);
    const [view] = await this.queries.visible(me, [me]);
    return view;
  }

  @Put('me')
  @RequirePermissionKey('self.read')
  @ApiOperation({
    summary: 'Choose auto / away / dnd (with an optional end) and a custom status text + emoji',
  })
  @ApiZodBody(setMyPresence)
  async setMine(
    @Principal() principal: PersonRef,
    @Body(new ZodPipe(setMyPresence)) body: z.output<typeof setMyPresence>,
  ) {
    const me = await this.peers.personIdOf(principal);
    return eventDataOf(await this.actions.setStatus(me, body));
  }

  @Get()
  @RequirePermissionKey('directory.read')
  @ApiQuery({ name: 'userIds', description: 'comma-separated user ids, at most 200' })
  @ApiOperation({
    summary:
      'Presence of these users — those the caller may see (self, conversation peers, subscriptions); others are left out',
  })
  async list(
    @Principal() principal: PersonRef,
    @Query(new ZodPipe(presenceQuery)) query: z.output<typeof presenceQuery>,
  ) {
    const me = await this.peers.personIdOf(principal);
    return { items: await this.queries.visible(me, query.userIds) };
  }

  @Post('subscriptions')
  @HttpCode(200)
  @RequirePermissionKey('directory.read')
  @ApiOperation({
    summary:
      "Watch these users' presence for a while (directory views); replaces the caller's previous REST subscription",
  })
  @ApiZodBody(subscribe)
  async subscribe(
    @Principal() principal: PersonRef,
    @Body(new ZodPipe(subscribe)) body: z.output<typeof subscribe>,
  ) {
    const me = await this.peers.personIdOf(principal);
    const ttlMs = body.ttlSeconds ? body.ttlSeconds * 1000 : DEFAULT_SUBSCRIPTION_TTL_MS;
    return this.queries.subscribe(me, `rest:${me}`, body.userIds, ttlMs);
  }
}
