export {
  DEFAULT_DELIVERY_POLICY,
  DEFAULT_FETCH_POLICY,
  EgressError,
  checkTarget,
  effectivePort,
  hostKeyOf,
  hostKeyOfEntry,
  isAllowlisted,
  portAllowed,
  type EgressPolicy,
  type PortRule,
} from './policy';
export { GuardedAgents, type Resolver } from './agents';
export type { BodyLimits } from './body';
export {
  EgressClient,
  type FetchRequest,
  type FetchedBody,
  type SendRequest,
  type SentResponse,
} from './client';
export { hostListVariable } from './host-list';
