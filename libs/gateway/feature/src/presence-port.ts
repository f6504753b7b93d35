/**
 * How the gateway tells presence about sockets. The gateway may not import presence (a
 * service's libs never import another's), so it reports through this port; the host binds it
 * to presence's PresenceConnections (libs/host/src/presence-wiring.ts). Without a binding
 * the gateway reports nothing and offers no presence frames.
 */
export const GATEWAY_PRESENCE = Symbol('tidings.gateway.Presence');

/** Who a socket belongs to, as the gateway's principal names them. */
export interface PresencePerson {
  userId: string;
  username: string;
}

export interface GatewayPresence {
  /** A socket signed in. Fire and forget: never rejects, never delays the `ready`. */
  connected(person: PresencePerson, connectionId: string): Promise<void>;
  /** A signed-in socket closed, however it closed. Never rejects. */
  disconnected(person: PresencePerson, connectionId: string): Promise<void>;
  /** The client's `presence` frame: it saw input recently (`active`) or not (`idle`). */
  activity(person: PresencePerson, connectionId: string, state: 'active' | 'idle'): Promise<void>;
  /** The client's `presence.subscribe` frame: watch these people; answers their presence now. */
  subscribe(
    person: PresencePerson,
    connectionId: string,
    userIds: readonly string[],
    ttlMs: number,
  ): Promise<unknown>;
}
