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
   * Names this process as the holder of its in-process gateway's sockets. Connections recorded
   * under another holder without a lease are from a previous run (its sockets are gone) and are
   * swept at boot; gateway processes elsewhere hold theirs under leases (remote/holder-leases.ts).
   */
  holderId: string;
  /**
   * The shared secret gateways in other processes present to the internal routes
   * (INTERNAL_SERVICE_TOKEN); unset → the routes answer 404.
   */
  internalServiceToken?: string;
  /**
   * Gateways may run in other processes: consume their connection reports from the bus
   * (`gateway.connection.*`, `gateway.process.heartbeat`).
   */
  gatewayReports?: boolean;
  /** How often dead holders are looked for (their leases ran out). */
  holderSweepMs?: number;
}

export const PRESENCE_OPTIONS = Symbol('tidings.presence.Options');
