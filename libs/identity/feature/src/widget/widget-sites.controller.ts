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
import type { WidgetSiteListing } from '@tidings/identity/data-access';
import { ApiZodBody, ZodPipe } from '@tidings/platform/http';
import { z } from 'zod';
import type { AuthenticatedPrincipal } from '../auth/authenticator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RequirePermission } from '../auth/decorators';
import { WidgetSiteActions } from './widget-site.actions';

const createSite = z.object({
  /** Normalized by the action; anything but scheme://host[:port] is 400 widget.origin_invalid. */
  origin: z.string().min(1).max(300),
  /** The bot of the integration serving the site's pages (400 widget.bot_unknown otherwise). */
  botId: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(100).optional(),
});

const siteView = (s: WidgetSiteListing) => ({
  id: s.id,
  origin: s.origin,
  botId: s.botId,
  botUsername: s.botUsername,
  name: s.name,
  createdAt: new Date(s.createdAt).toISOString(),
});

/** The widget allowlist (docs/widget.md): who may embed Tidings, each site owned by a bot. */
@ApiTags('identity')
@ApiBearerAuth()
@Controller('widget/sites')
export class WidgetSitesController {
  constructor(private readonly actions: WidgetSiteActions) {}

  @Get()
  @RequirePermission('bots.manage')
  async list() {
    return { items: (await this.actions.list()).map(siteView) };
  }

  @Post()
  @RequirePermission('bots.manage')
  @ApiZodBody(createSite)
  async create(
    @Body(new ZodPipe(createSite)) body: z.output<typeof createSite>,
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
  ) {
    return siteView(
      await this.actions.create(
        { origin: body.origin, botId: body.botId, name: body.name ?? null },
        principal,
      ),
    );
  }

  @Delete(':siteId')
  @HttpCode(204)
  @RequirePermission('bots.manage')
  async remove(
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
  ) {
    await this.actions.delete(siteId, principal);
  }
}
