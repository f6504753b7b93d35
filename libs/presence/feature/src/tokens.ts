/** The module's shared in-memory parts (one per host). */
export const PRESENCE_TIMERS = Symbol('tidings.presence.Timers');
export const PRESENCE_SUBSCRIPTIONS = Symbol('tidings.presence.Subscriptions');
