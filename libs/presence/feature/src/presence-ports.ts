/**
 * What presence asks the rest of the host. Presence may not import messaging (a service's libs
 * never import another's), so it asks through this port; the host binds it to a messaging
 * query (libs/host/src/presence-wiring.ts).
 */
export const PRESENCE_PEERS = Symbol('tidings.presence.Peers');

/** A signed-in person as the gateway or the AuthGuard knows them. */
export interface PersonRef {
  /** The token's subject: at an external issuer, not the directory id. */
  userId: string;
  username: string;
}

export interface PresencePeers {
  /**
   * The id conversations know this person by (their directory id). Presence keys everything
   * by it, so "who shares a conversation with whom" and "whose presence is this" agree.
   */
  personIdOf(person: PersonRef): Promise<string>;
  /** Everyone who shares a conversation with the user (automatic receivers of their changes). */
  peersOf(userId: string): Promise<string[]>;
  /** Which of `candidates` share a conversation with the user. */
  peersAmong(userId: string, candidates: readonly string[]): Promise<string[]>;
}

export interface PresenceOptions {
  /**
   * Names the process holding this host's sockets. Connections recorded under another holder
   * are from a previous run of this embedded host (its sockets are gone) and are swept at boot.
   */
  holderId: string;
}

export const PRESENCE_OPTIONS = Symbol('tidings.presence.Options');
