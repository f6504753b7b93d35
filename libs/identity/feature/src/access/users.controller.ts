import {
  Body,
  Controller,
  Header,
  HttpCode,
  Inject,
  Optional,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, ZodPipe } from '@tidings/platform/http';
import { ConflictError } from '@tidings/platform/errors';
import { z } from 'zod';
import type { AuthenticatedPrincipal } from '../auth/authenticator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RequirePermission } from '../auth/decorators';
import { PasswordActions } from '../issuer/password-actions';
import { IdentityActions } from './identity-actions';

/**
 * Either a password (checked like the CLI's: length limits) or `generate: true`. Lengths are
 * checked by the action, so a bad password is refused with `identity.account.invalid` naming
 * the field, like every other account rule.
 */
const setPassword = z.object({
  password: z.string().optional(),
  generate: z.boolean().optional(),
  displayName: z.string().optional(),
});

@ApiTags('identity')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly actions: IdentityActions,
    // Absent when OIDC_ISSUER is set: passwords then live at that issuer.
    @Optional() @Inject(PasswordActions) private readonly passwords: PasswordActions | null,
  ) {}

  /** Signs a user out everywhere (a stolen laptop, a leaving employee before deactivation). */
  @Post(':userId/sessions/revoke')
  @HttpCode(204)
  @RequirePermission('users.manage')
  async revokeSessions(
    @Param('userId', ParseUUIDPipe) userId: string,
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
  ) {
    await this.actions.revokeSessions(userId, { kind: 'user', id: principal.userId }, 'admin');
  }

  /**
   * Sets a person's sign-in password at the built-in issuer: creates their local account if
   * they have none, otherwise resets it (and signs them out everywhere). A generated password
   * is in this answer only — it is not stored in clear, logged, or shown again.
   */
  @Put('by-username/:username/password')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @RequirePermission('users.manage')
  @ApiZodBody(setPassword)
  async setPassword(
    @Param('username') username: string,
    @Body(new ZodPipe(setPassword)) body: z.output<typeof setPassword>,
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
  ) {
    if (!this.passwords) {
      throw new ConflictError(
        'identity.issuer.external',
        'Sign-in passwords live at the external OpenID Connect issuer (OIDC_ISSUER); set them there.',
      );
    }
    const result = await this.passwords.set(
      {
        username,
        ...(body.password !== undefined ? { password: body.password } : {}),
        ...(body.generate !== undefined ? { generate: body.generate } : {}),
        ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
      },
      { kind: 'user', id: principal.userId },
    );
    return {
      accountId: result.account.id,
      username: result.account.username,
      created: result.created,
      sessionsRevoked: result.revokedUserIds.length,
      ...(result.generatedPassword ? { password: result.generatedPassword } : {}),
    };
  }
}
