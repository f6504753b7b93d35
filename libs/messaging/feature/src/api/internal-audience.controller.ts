import { timingSafeEqual } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { messagingStore, type MessagingStore } from '@tidings/messaging/data-access';
import { NotFoundError, UnauthenticatedError } from '@tidings/platform/errors';
import { Public, ZodPipe } from '@tidings/platform/http';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  CallParticipantQueries,
  type CallParticipantsView,
} from '../calls/call-participants.queries';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging-options';
import { messagingIdOf } from './current-caller';

/** The header a service sends its shared internal token in (INTERNAL_SERVICE_TOKEN). */
export const SERVICE_TOKEN_HEADER = 'x-tidings-service-token';

/** A principal as another service passes it (it authenticated the token; messaging trusts it). */
export const principalBody = z.object({
  kind: z.enum(['user', 'bot']),
  userId: z.string().min(1).max(200),
  username: z.string().max(200),
  roles: z.array(z.string().max(100)).max(50),
  scopes: z.array(z.string().max(100)).max(100).optional(),
});

/**
 * What a gateway in another process asks messaging (the in-process AudienceQueries and
 * CallParticipantQueries, over HTTP): who is in a conversation, which id messaging knows a
 * signed-in principal by, and who is joined in a call.
 *
 * Service-to-service, not for people: authenticated by a shared secret from configuration
 * rather than a user's token, so it works whichever issuer signs users in and needs no
 * service account at that issuer. Without a configured secret the routes do not exist (404).
 * Kept out of the public OpenAPI document.
 */
@ApiExcludeController()
@Controller('internal/messaging')
export class InternalAudienceController {
  private readonly store: MessagingStore;
  private readonly calls: CallParticipantQueries;
  private readonly check: (token: string | undefined) => void;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
  ) {
    this.store = messagingStore(dataSource);
    this.calls = new CallParticipantQueries(dataSource);
    this.check = serviceTokenCheck(options);
  }

  @Get('conversations/:id/members')
  @Public()
  async members(
    @Headers(SERVICE_TOKEN_HEADER) token: string | undefined,
    @Param('id') conversationId: string,
  ): Promise<{ members: string[] }> {
    this.check(token);
    const members = await this.store.reading.activeMemberIds([conversationId]);
    return { members: members.get(conversationId) ?? [] };
  }

  /** `call: null` for an unknown call, as an unknown conversation has no members. */
  @Get('calls/:id/participants')
  @Public()
  async callParticipants(
    @Headers(SERVICE_TOKEN_HEADER) token: string | undefined,
    @Param('id') callId: string,
  ): Promise<{ call: CallParticipantsView | null }> {
    this.check(token);
    return { call: (await this.calls.callOf(callId)) ?? null };
  }

  @Post('recipient-ids')
  @Public()
  @HttpCode(200)
  async recipientId(
    @Headers(SERVICE_TOKEN_HEADER) token: string | undefined,
    @Body(new ZodPipe(principalBody)) principal: z.output<typeof principalBody>,
  ): Promise<{ recipientId: string }> {
    this.check(token);
    return { recipientId: await messagingIdOf(this.store, principal) };
  }
}

/**
 * The check every internal route makes: the configured secret, compared in constant time.
 * Without a configured secret the routes do not exist (404).
 */
export function serviceTokenCheck(options: MessagingOptions): (token: string | undefined) => void {
  const expected = options.internalServiceToken
    ? Buffer.from(options.internalServiceToken)
    : undefined;
  return (token) => {
    if (!expected) {
      throw new NotFoundError('messaging.internal.disabled', 'No such route.');
    }
    const given = Buffer.from(token ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UnauthenticatedError(
        'messaging.internal.bad_service_token',
        `A valid ${SERVICE_TOKEN_HEADER} header is required.`,
      );
    }
  };
}
