import {
  accountRepository,
  oidcAdapterFactory,
  SIGNING_ALG,
  type IssuerKeyStore,
} from '@tidings/identity/data-access';
import { signInRefused } from '@tidings/identity/domain';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { DataSource } from 'typeorm';
import { accessTokenClaims } from './access-token';
import { PAGE_HEADERS, renderLogoutPage, renderMessagePage } from './issuer-pages';
import { apiResourceIndicators, WEB_CLIENT_ID, type IssuerOptions } from './issuer-options';
import {
  interactionPolicyWithStanding,
  signedInAt,
  subjectStandings,
  type StandingLookup,
} from './issuer-standing';
import { chooseLanguage, textsFor } from './page-i18n';

const DAY = 24 * 60 * 60;

/** Our pages, served through oidc-provider, with the same headers as the login page. */
function sendPage(ctx: KoaContextWithOIDC, html: string): void {
  ctx.set(PAGE_HEADERS);
  ctx.body = html;
}

function languageOf(ctx: KoaContextWithOIDC) {
  const lang = typeof ctx.query['lang'] === 'string' ? ctx.query['lang'] : undefined;
  return chooseLanguage(lang, ctx.get('accept-language'));
}

/**
 * The built-in OpenID Connect issuer: oidc-provider, configured for one first-party public
 * client (`tidings-web`: authorization code + PKCE S256, refresh tokens rotated on use,
 * RP-initiated logout) and JWT access tokens for the Tidings API.
 */
export async function createOidcProvider(
  options: IssuerOptions,
  dataSource: DataSource,
  keys: IssuerKeyStore,
  standing: StandingLookup = subjectStandings(dataSource, options.issuer),
): Promise<Provider> {
  const accounts = accountRepository(dataSource);
  const resources = apiResourceIndicators(options);
  const externalMount = new URL(options.issuer).pathname.replace(/\/+$/, '');
  const refreshTtl = options.refreshTokenTtlDays * DAY;

  const configuration: Configuration = {
    adapter: oidcAdapterFactory(dataSource),
    jwks: { keys: await keys.signingKeys() },
    cookies: {
      keys: await keys.cookieKeys(),
      // `secure` is added by oidc-provider whenever the request is https (TRUST_PROXY aware).
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    clients: [
      {
        client_id: WEB_CLIENT_ID,
        client_name: 'Tidings',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [
          `${options.publicUrl}/auth/callback`,
          `${options.publicUrl}/`,
          // The embeddable widget's frame and sign-in popup (docs/widget.md).
          `${options.publicUrl}/widget/callback`,
        ],
        post_logout_redirect_uris: [`${options.publicUrl}/`, `${options.publicUrl}/auth/callback`],
      },
    ],
    // Authorization code only: no implicit or hybrid flows that put tokens in URLs.
    responseTypes: ['code'],
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'offline_access'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'roles'] },
    async findAccount(ctx, sub, token) {
      const account = await accounts.findById(sub);
      // A disabled account can no longer use its sessions or refresh tokens.
      if (!account || account.disabled) return undefined;
      // Nor can a deactivated person, nor a sign-in from before their sessions were revoked
      // (deactivation, "log out everywhere"): a refresh or code exchange then fails with
      // invalid_grant, and reactivation does not revive them — only a new sign-in works.
      if (signInRefused(await standing(sub), signedInAt(ctx, token))) return undefined;
      return {
        accountId: account.id,
        claims: async () => ({
          sub: account.id,
          name: account.displayName,
          ...accessTokenClaims(account),
        }),
      };
    },
    async extraTokenClaims(_ctx, token) {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const account = await accounts.findById(token.accountId);
      return account ? accessTokenClaims(account) : undefined;
    },
    // Consent is implied for the first-party web client: its grant always covers what it
    // asks for, so the consent prompt never shows. Any other client goes through consent.
    async loadExistingGrant(ctx) {
      const { client, session } = ctx.oidc;
      const grantId =
        ctx.oidc.result?.consent?.grantId ??
        (client ? session?.grantIdFor(client.clientId) : undefined);
      const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (!client || client.clientId !== WEB_CLIENT_ID || !session?.accountId) return existing;
      const grant =
        existing ??
        new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(' '));
      for (const [resource, server] of Object.entries(ctx.oidc.resourceServers ?? {})) {
        if (server.scope) grant.addResourceScope(resource, server.scope);
      }
      await grant.save();
      return grant;
    },
    // Every token of a sign-in dies with it: signing out revokes the grant, so refresh
    // tokens stop working — `offline_access` does not outlive an explicit sign-out here.
    expiresWithSession: () => true,
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: options.accessTokenTtlSeconds,
      Interaction: 30 * 60,
      Grant: refreshTtl,
      Session: refreshTtl,
      // A rotated token keeps the remaining lifetime of the one it replaces, so rotation
      // never extends a sign-in beyond OIDC_REFRESH_TOKEN_TTL_DAYS.
      RefreshToken: (ctx) => ctx?.oidc?.entities.RotatedRefreshToken?.remainingTTL ?? refreshTtl,
    },
    interactions: {
      policy: interactionPolicyWithStanding(standing),
      url: (_ctx, interaction) => `${externalMount}/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) =>
          sendPage(ctx, renderLogoutPage({ language: languageOf(ctx), form })),
        postLogoutSuccessSource: (ctx) => {
          const t = textsFor(languageOf(ctx));
          sendPage(
            ctx,
            renderMessagePage({
              language: languageOf(ctx),
              title: t.signedOutTitle,
              heading: t.signedOutTitle,
              message: t.signedOut,
              homeUrl: `${options.publicUrl}/`,
            }),
          );
        },
      },
      resourceIndicators: {
        enabled: true,
        // No `resource` in the request → the Tidings API, so access tokens are always JWTs
        // for OIDC_AUDIENCE, and the token endpoint reuses what was granted.
        defaultResource: () => resources.primary,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (!resources.accepted.has(resource)) throw new errors.InvalidTarget();
          return {
            scope: 'api',
            audience: options.audience,
            accessTokenTTL: options.accessTokenTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: SIGNING_ALG } },
          };
        },
      },
    },
    // The same-origin web client needs no CORS; other origins get none.
    clientBasedCORS: (_ctx, origin) => origin === new URL(options.publicUrl).origin,
    renderError: (ctx, out) => {
      const t = textsFor(languageOf(ctx));
      sendPage(
        ctx,
        renderMessagePage({
          language: languageOf(ctx),
          title: t.errorTitle,
          heading: t.errorTitle,
          message: t.errorLead,
          homeUrl: `${options.publicUrl}/`,
          details: Object.fromEntries(
            Object.entries(out).filter(([, v]) => typeof v === 'string') as Array<[string, string]>,
          ),
        }),
      );
    },
  };

  const provider = new Provider(options.issuer, configuration);
  provider.proxy = options.trustProxy;
  return provider;
}
