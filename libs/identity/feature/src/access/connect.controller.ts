import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedPrincipal } from '../auth/authenticator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RequirePermission } from '../auth/decorators';

/**
 * The REST connector surface business systems call with a bot token. The integrations work
 * adds posting and cards here; `whoami` lets a connector check its token and identity.
 */
@ApiTags('connectors')
@ApiBearerAuth()
@Controller('connect')
export class ConnectController {
  @Get('whoami')
  @RequirePermission('connectors.use')
  whoami(@CurrentPrincipal() principal: AuthenticatedPrincipal) {
    return {
      userId: principal.userId,
      username: principal.username,
      kind: principal.kind,
      scopes: principal.scopes ?? [],
    };
  }
}
