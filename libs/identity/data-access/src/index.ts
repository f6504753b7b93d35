// --- subjects, API tokens, outbox (identity access) ---------------------------------------
export type { NewSubject, SubjectRecord, SubjectRepository } from './subjects/subject';
export { SubjectEntity } from './subjects/subject.entity';
export { TypeOrmSubjectRepository } from './subjects/typeorm-subject.repository';
export type { ApiTokenRecord, ApiTokenRepository } from './api-tokens/api-token';
export { ApiTokenEntity } from './api-tokens/api-token.entity';
export { TypeOrmApiTokenRepository } from './api-tokens/typeorm-api-token.repository';
export { IdentityAddSubjectStatusTime1764500000100 } from './subjects/add-subject-status-time.migration';
export {
  IdentityCreateApiTokens1764150000200,
  IdentityCreateOutbox,
  IdentityCreateSubjects1764150000100,
  identityAccessPersistence,
} from './migrations';
export type {
  WidgetSiteListing,
  WidgetSiteRecord,
  WidgetSiteRepository,
} from './widget/widget-site';
export type {
  WidgetTokenRecord,
  WidgetTokenRepository,
  WidgetTokenStanding,
} from './widget/widget-token';
export { WidgetSiteEntity, WidgetTokenEntity } from './widget/widget.entities';
export { TypeOrmWidgetSiteRepository } from './widget/typeorm-widget-site.repository';
export { TypeOrmWidgetTokenRepository } from './widget/typeorm-widget-token.repository';
export {
  IdentityCreateWidgetSites1765200000100,
  IdentityCreateWidgetTokens1765200000200,
} from './widget/create-widget-tables.migration';
// --- end identity access --------------------------------------------------------------------

// --- Built-in issuer: local accounts, issuer keys, oidc-provider storage -----------------
export type {
  Account,
  AccountRepository,
  AccountSource,
  NewAccount,
} from './accounts/account.repository';
export { AccountExistsError } from './accounts/account.repository';
export {
  accountRepository,
  TypeOrmAccountRepository,
  type ManagerScope,
} from './accounts/typeorm-account.repository';
export { AccountEntity, type AccountRow } from './accounts/account.entity';
export { IdentityCreateAccounts1764200000000 } from './accounts/create-accounts.migration';
export { IdentityAddAccountSource1764400000100 } from './accounts/add-account-source.migration';
export {
  afterFailedAttempt,
  afterSuccessfulLogin,
  CLEAN_LOGIN_STATE,
  isLocked,
  lockMinutesLeft,
  lockRemainingMs,
  type LockoutPolicy,
  type LoginState,
} from './accounts/lockout';
export {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  PasswordHasher,
} from './accounts/password-hasher';
export { CookieKeyEntity, OidcPayloadEntity, SigningKeyEntity } from './issuer/issuer.entities';
export { IdentityCreateIssuerTables1764200000200 } from './issuer/create-issuer-tables.migration';
export {
  IssuerKeyStore,
  SIGNING_ALG,
  toPublicJwk,
  type PrivateSigningJwk,
} from './issuer/issuer-key.store';
export {
  oidcAdapterFactory,
  purgeExpiredOidcPayloads,
  TypeOrmOidcAdapter,
} from './issuer/oidc-payload.adapter';
export { issuerPersistence, IDENTITY_SERVICE } from './issuer/issuer-persistence';
// --- end built-in issuer ------------------------------------------------------------------
