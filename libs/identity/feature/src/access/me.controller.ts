import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { permissionsOf } from '@tidings/identity/domain';
import { RequirePermission } from '../auth/decorators';
import type { AuthenticatedPrincipal } from '../auth/authenticator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { IdentityActions } from './identity-actions';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly actions: IdentityActions) {}

  @Get()
  @RequirePermission('self.read')
  @ApiOkResponse({ description: 'Who the token belongs to, and what it may do' })
  me(@CurrentPrincipal() principal: AuthenticatedPrincipal) {
    return {
      userId: principal.userId,
      username: principal.username,
      kind: principal.kind,
      roles: principal.roles,
      // What this token may do: a widget token's scopes narrow the person's roles.
      permissions: [...permissionsOf(principal.roles)]
        .filter((p) => principal.scopes === undefined || principal.scopes.includes(p))
        .sort(),
      issuer: principal.issuer,
      ...(principal.widget
        ? {
            widget: {
              origin: principal.widget.origin,
              expiresAt: new Date(principal.widget.expiresAt).toISOString(),
            },
          }
        : {}),
    };
  }

  /** "Log out everywhere": every token issued until now stops working. */
  @Post('sessions/revoke')
  @HttpCode(204)
  @RequirePermission('self.sessions.revoke')
  async revokeMySessions(@CurrentPrincipal() principal: AuthenticatedPrincipal) {
    await this.actions.revokeSessions(
      principal.userId,
      { kind: 'user', id: principal.userId },
      'logout_everywhere',
    );
  }
}
