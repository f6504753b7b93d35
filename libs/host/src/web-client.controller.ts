import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { WEB_CLIENT_ID } from '@tidings/identity/feature';
import { Public } from '@tidings/platform/http';
import { issuerOf, type TidingsConfig } from './config';

export const WEB_CLIENT_CONFIG = Symbol('WEB_CLIENT_CONFIG');

/** What the browser client needs before it can sign anyone in. */
export interface WebClientConfig {
  /** The OpenID Connect issuer whose tokens the API accepts (built-in or external). */
  issuer: string;
  /** The public OAuth client the SPA signs in as (code + PKCE, no secret). */
  clientId: string;
  /** The `aud` the API expects in access tokens. */
  audience: string;
}

export function webClientConfigOf(config: TidingsConfig): WebClientConfig {
  return { issuer: issuerOf(config), clientId: WEB_CLIENT_ID, audience: config.OIDC_AUDIENCE };
}

/**
 * Public on purpose: the SPA asks before anyone is signed in. Everything here is also in
 * the issuer's discovery document or the client's own registration — no secret.
 */
@ApiTags('system')
@Controller('system')
export class WebClientController {
  constructor(@Inject(WEB_CLIENT_CONFIG) private readonly config: WebClientConfig) {}

  @Get('web-client')
  @Public()
  @ApiOkResponse({ description: 'The issuer, client id and audience the web client signs in with' })
  webClient(): WebClientConfig {
    return this.config;
  }
}
