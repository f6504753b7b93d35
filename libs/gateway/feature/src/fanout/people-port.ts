/**
 * Whom a person's profile changes reach: the people who share a conversation with them, asked
 * of messaging (the gateway may not read messaging's tables — DESIGN.md §2). The host binds it
 * to the same messaging query presence uses for its peers, so "who sees my presence" and "who
 * sees my new name live" are one rule (docs/realtime.md, _Who receives what_).
 */
export interface PersonPeers {
  /** Active members of the person's non-archived conversations (messaging's bound), not them. */
  peersOf(userId: string): Promise<readonly string[]>;
}

export const PERSON_PEERS = Symbol('tidings.gateway.PersonPeers');
