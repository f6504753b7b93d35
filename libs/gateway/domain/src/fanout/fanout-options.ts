/** Fan-out and resume settings (docs/realtime.md, _Resume_); apps take them from configuration. */
export interface FanoutSettings {
  /** Stored events older than this are pruned; resuming from before them answers `resync`. */
  retentionMs: number;
  /** At most this many stored events per user (the newest are kept). */
  maxEventsPerUser: number;
  /** How often the pruning runs. */
  pruneIntervalMs: number;
  /** How long the gateway trusts a cached conversation audience. */
  audienceTtlMs: number;
  /** Conversations whose audience is cached at most. */
  audienceCacheSize: number;
  /** A connection's typing in one conversation is passed on at most once per this. */
  typingThrottleMs: number;
  /** Stored events per read while replaying to a resuming client. */
  replayPageSize: number;
}

export const DEFAULT_FANOUT_SETTINGS: FanoutSettings = {
  retentionMs: 24 * 60 * 60_000,
  maxEventsPerUser: 10_000,
  pruneIntervalMs: 60_000,
  audienceTtlMs: 30_000,
  audienceCacheSize: 10_000,
  typingThrottleMs: 3_000,
  replayPageSize: 200,
};
