/**
 * Whom a person's profile changes reach: the people who share a conversation with them, asked
 * of messaging (the gateway may not read messaging's tables — DESIGN.md §2). The host binds it
 * to the same messaging query presence uses for its peers, so "who sees my presence" and "who
 * sees my new name live" are one rule (docs/realtime.md, _Who receives what_).
 */
export interface PersonPeers {
  /**
   * Active members of the person's non-archived conversations (messaging's bound), not them.
   * `includeDeactivated`: also the conversations the person left by being deactivated — for
   * the deactivation's own event, which messaging may have acted on (leaving the person in no
   * conversation) before the gateway asks.
   */
  peersOf(userId: string, options?: { includeDeactivated?: boolean }): Promise<readonly string[]>;
}

export const PERSON_PEERS = Symbol('tidings.gateway.PersonPeers');
