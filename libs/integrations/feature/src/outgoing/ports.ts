/** The time the delivery engine schedules by (tests move it instead of sleeping). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * The delivery engine's one clock, shared by what makes deliveries and what tries them. The
 * system clock unless told otherwise: a test hands it a ManualClock (`use`) and moves that.
 */
export class DeliveryClock implements Clock {
  constructor(private source: Clock = systemClock) {}

  now(): number {
    return this.source.now();
  }

  use(source: Clock): void {
    this.source = source;
  }
}

/** A clock that stands still until told: retry timing in tests, without waiting. */
export class ManualClock implements Clock {
  constructor(private at: number = Date.now()) {}

  now(): number {
    return this.at;
  }

  advance(ms: number): void {
    this.at += ms;
  }
}

export interface OutgoingOptions {
  /**
   * Receivers reached although private or loopback (INTEGRATIONS_ALLOW_HOSTS): host names or
   * addresses as named in subscription URLs.
   */
  allowHosts: readonly string[];
  /** One try's limit (connect, send, answer). */
  timeoutMs: number;
  /** How often the dispatcher looks for due deliveries (0: only when woken or asked — tests). */
  pollIntervalMs: number;
  /** Tries in flight at once. */
  concurrency: number;
}

export const DEFAULT_OUTGOING_OPTIONS: OutgoingOptions = {
  allowHosts: [],
  timeoutMs: 10_000,
  pollIntervalMs: 1_000,
  concurrency: 8,
};

/**
 * Who may see a conversation's events, asked of messaging (integrations may not read its
 * tables). A subscription receives an event of a conversation only when it is a public channel
 * or the subscription's bot is a member — an admin creating a subscription is not a key to
 * private groups and direct messages, as moderation is not (docs/integrations-outgoing.md).
 */
export interface EventAudience {
  mayObserve(conversationId: string, botId: string | null): Promise<boolean>;
}

export const OUTGOING_OPTIONS = Symbol('tidings.OutgoingOptions');
export const EVENT_AUDIENCE = Symbol('tidings.EventAudience');
