import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedPrincipal } from '../auth/authenticator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RequirePermission } from '../auth/decorators';

/**
 * The REST connector surface business systems call with a bot token: `whoami` lets a
 * connector check its token, identity and scopes. Slack's `chat.postMessage` is served by
 * integrations (libs/integrations/feature/src/connect); everything else a connector does goes
 * through the REST API people use, within the token's scopes (docs/integrations-bots.md).
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
