export {
  newUserPresence,
  nextDeadline,
  presenceOf,
  sameView,
  settled,
  type ChosenStatus,
  type CustomStatus,
  type DeviceActivity,
  type PresenceState,
  type PresenceView,
  type UserPresence,
} from './presence';
export {
  applyStatusChange,
  isSingleEmoji,
  MAX_EXPIRY_AHEAD_MS,
  STATUS_TEXT_MAX_CHARS,
  type StatusChange,
} from './status-change';
export {
  DEFAULT_SUBSCRIPTION_TTL_MS,
  MAX_SUBSCRIBED_USERS,
  MAX_SUBSCRIPTION_TTL_MS,
  maySee,
  PresenceSubscriptions,
} from './subscriptions';
export { DeadlineTimers } from './deadline-timers';
