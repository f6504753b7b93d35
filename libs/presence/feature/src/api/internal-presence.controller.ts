import { timingSafeEqual } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { NotFoundError, UnauthenticatedError } from '@tidings/platform/errors';
import { Public, ZodPipe } from '@tidings/platform/http';
import { MAX_SUBSCRIBED_USERS, MAX_SUBSCRIPTION_TTL_MS } from '@tidings/presence/domain';
import { z } from 'zod';
import { PresenceAudience } from '../presence-audience';
import { PresenceConnections } from '../presence-connections';
import { PRESENCE_OPTIONS, type PresenceOptions } from '../presence-ports';
import type { PresenceJson } from '../views';

/** The header a service sends the shared internal token in (INTERNAL_SERVICE_TOKEN). */
export const SERVICE_TOKEN_HEADER = 'x-tidings-service-token';

/** A socket's `presence.subscribe` frame, as a gateway in another process passes it on. */
export const internalSubscription = z
  .object({
    /** The socket's person as the gateway's principal names them (presence resolves the id). */
    userId: z.string().min(1).max(200),
    username: z.string().max(200),
    connectionId: z.string().min(1).max(64),
    userIds: z.array(z.string().min(1).max(200)).max(MAX_SUBSCRIBED_USERS),
    ttlMs: z.number().int().min(1_000).max(MAX_SUBSCRIPTION_TTL_MS),
  })
  .strict();

/**
 * What a gateway in another process asks presence (distributed mode; the in-process binding
 * calls the same objects): a socket's directory subscription — kept here, where presence
 * decides who receives a change — and who receives a user's `presence.changed`.
 *
 * Service-to-service, authenticated by the shared secret (as messaging's internal routes):
 * checked before the body, so a caller without it learns nothing of the routes' shape. Without
 * a configured secret the routes do not exist (404). Kept out of the public OpenAPI document.
 */
@ApiExcludeController()
@Controller('internal/presence')
export class InternalPresenceController {
  private readonly expected: Buffer | undefined;

  constructor(
    private readonly connections: PresenceConnections,
    private readonly audience: PresenceAudience,
    @Inject(PRESENCE_OPTIONS) options: PresenceOptions,
  ) {
    this.expected = options.internalServiceToken
      ? Buffer.from(options.internalServiceToken)
      : undefined;
  }

  @Post('subscriptions')
  @Public()
  @HttpCode(200)
  async subscribe(
    @Headers(SERVICE_TOKEN_HEADER) token: string | undefined,
    @Body() raw: unknown,
  ): Promise<{ expiresAt: string; users: PresenceJson[] }> {
    this.check(token);
    const body = new ZodPipe(internalSubscription).transform(raw, { type: 'body' });
    return this.connections.subscribe(body, body.connectionId, body.userIds, body.ttlMs);
  }

  @Get('users/:id/recipients')
  @Public()
  async recipients(
    @Headers(SERVICE_TOKEN_HEADER) token: string | undefined,
    @Param('id') userId: string,
  ): Promise<{ recipients: string[] }> {
    this.check(token);
    return { recipients: await this.audience.recipientsOf(userId) };
  }

  private check(token: string | undefined): void {
    if (!this.expected) throw new NotFoundError('presence.internal.disabled', 'No such route.');
    const given = Buffer.from(token ?? '');
    if (given.length !== this.expected.length || !timingSafeEqual(given, this.expected)) {
      throw new UnauthenticatedError(
        'presence.internal.bad_service_token',
        `A valid ${SERVICE_TOKEN_HEADER} header is required.`,
      );
    }
  }
}
