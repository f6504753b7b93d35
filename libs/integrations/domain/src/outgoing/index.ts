export {
  deliverableTypes,
  eventPatternProblem,
  isNeverDelivered,
  matchesEventPatterns,
} from './event-patterns';
export {
  CARD_ACTION_TYPE,
  TRIGGER_POSITIONS,
  matchesTriggerWords,
  subscriptionReceives,
  type RuleEvent,
  type SubscriptionFilters,
  type SubscriptionRule,
  type TriggerPosition,
} from './filters';
export {
  JITTER,
  MAX_ATTEMPTS,
  MAX_RETRY_AFTER_MS,
  RETRY_SCHEDULE_MS,
  nextRetryDelay,
  parseRetryAfter,
} from './retry-schedule';
export { signDelivery, type DeliveryHeaders } from './signing';
export { deliveredBody, type DeliverableEvent, type DeliveredBody } from './delivered-body';
export { isSuccess, outcomeOfTry, type TryOutcome, type TryResult } from './try-outcome';
