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
