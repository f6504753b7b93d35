export {
  CONVERSATION_KINDS,
  DAY_MS,
  MAX_RETENTION_DAYS,
  cutoffOf,
  planRetention,
  scopeKey,
  type ConversationKind,
  type HoldTarget,
  type LegalHold,
  type PurgePlan,
  type RetentionPolicy,
  type RetentionScope,
} from './retention';
