export { Public, RequirePermission } from './auth/decorators';
export { IdentityModule, KEY_SOURCE, type IdentityModuleOptions } from './identity.module';
export { remoteKeySource, localKeySource, type KeySource } from './auth/key-source';
export { TokenVerifier, type VerifiedAccessToken } from './auth/token-verifier';
export { Authenticator, type AuthenticatedPrincipal } from './auth/authenticator';
export { CurrentPrincipal } from './auth/current-principal.decorator';
export { IdentityActions, BOT_ISSUER, BOT_TOKEN_SCOPES } from './access/identity-actions';
export { DeactivationConsumer } from './access/deactivation.consumer';
export { WidgetSites, WIDGET_SITES_CACHE_MS, type WidgetSite } from './widget/widget-sites';
export { WidgetSiteActions, type NewWidgetSite } from './widget/widget-site.actions';
export {
  WidgetTokenActions,
  type IssuedWidgetToken,
  type WidgetTokenRequest,
} from './widget/widget-token.actions';
export { WIDGET_TOKEN_SCOPES } from '@tidings/identity/domain';
export { ReactivationConsumer } from './access/reactivation.consumer';
export { ISSUER_KEYS, type IssuerKeys } from './issuer/issuer-keys';
// --- Built-in issuer (embedded mode) -------------------------------------------------------
export {
  IssuerModule,
  ISSUER_OPTIONS,
  OIDC_PROVIDER,
  type IssuerModuleExtras,
} from './issuer/issuer.module';
export {
  EXTERNAL_PASSWORD_CHECK,
  type ExternalAccount,
  type ExternalPasswordCheck,
} from './issuer/external-password-check';
export {
  builtInIssuerUrl,
  ISSUER_LOCAL_PREFIX,
  WEB_CLIENT_ID,
  type IssuerOptions,
} from './issuer/issuer-options';
export { AccountActions, normalizeUsername, type NewAccountInput } from './issuer/accounts.actions';
export {
  LoginActions,
  type LoginActionsOptions,
  type LoginAttempt,
  type LoginOutcome,
} from './issuer/login.actions';
export {
  accessTokenClaims,
  MAX_OPERATOR_TOKEN_TTL_SECONDS,
  OperatorTokenActions,
  type IssuedOperatorToken,
} from './issuer/access-token';
export { bootstrapAdmin, CREATE_ADMIN_HINT } from './issuer/admin-bootstrap';
export { registerIdentityCommands, type IdentityCliContext } from './cli/identity-commands';
// --- end built-in issuer -------------------------------------------------------------------
export {
  PasswordActions,
  type SetPasswordInput,
  type SetPasswordResult,
} from './issuer/password-actions';
export { generatePassword } from './issuer/password-generator';
