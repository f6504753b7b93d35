import { Body, Controller, Header, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { WIDGET_TOKEN_TTL } from '@tidings/identity/domain';
import { ApiZodBody, ZodPipe } from '@tidings/platform/http';
import { z } from 'zod';
import type { AuthenticatedPrincipal } from '../auth/authenticator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RequirePermission } from '../auth/decorators';
import { WidgetTokenActions } from './widget-token.actions';

const issueToken = z.object({
  /** The person, as the issuer names them. */
  username: z.string().trim().min(1).max(200),
  /** A widget site of the calling bot (403 widget.origin_not_allowed otherwise). */
  origin: z.string().min(1).max(300),
  ttlSeconds: z
    .number()
    .int()
    .min(WIDGET_TOKEN_TTL.min)
    .max(WIDGET_TOKEN_TTL.max)
    .default(WIDGET_TOKEN_TTL.default),
});

/** Widget tokens, minted by a host system's backend for its signed-in people (docs/widget.md). */
@ApiTags('identity')
@ApiBearerAuth()
@Controller('widget/tokens')
export class WidgetTokensController {
  constructor(private readonly actions: WidgetTokenActions) {}

  /** The token is in this answer only; it is never stored or shown again. */
  @Post()
  @Header('Cache-Control', 'no-store')
  @RequirePermission('widget.tokens.issue')
  @ApiZodBody(issueToken)
  issue(
    @Body(new ZodPipe(issueToken)) body: z.output<typeof issueToken>,
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
  ) {
    return this.actions.issue(body, principal);
  }
}
