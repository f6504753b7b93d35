import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedPrincipal } from '../auth/authenticator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RequirePermission } from '../auth/decorators';
import { IdentityActions } from './identity-actions';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly actions: IdentityActions) {}

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
}
