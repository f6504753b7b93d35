export * from './permissions';
export type { Principal } from './principal';
export {
  onDeactivated,
  onReactivated,
  signInRefused,
  type Standing,
  type StandingChange,
} from './standing';
export { grantableScopes, tokenScopes, type ScopeRefusal } from './token-scopes';
export { normalizeOrigin, WIDGET_TOKEN_SCOPES, WIDGET_TOKEN_TTL } from './widget';
