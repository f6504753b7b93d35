import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from './connection';
import { ConnectionRegistry } from './connection-registry';
import { GATEWAY_PRESENCE, type GatewayPresence, type PresencePerson } from './presence-port';

/**
 * The connection registry, telling presence when a socket is filed under its user (signed in)
 * and when it leaves. The registry is the one place every signed-in socket passes through on
 * its way in and out, so hooking it here keeps gateway.ts untouched.
 */
@Injectable()
export class PresenceReportingRegistry extends ConnectionRegistry {
  /** Connections reported as connected: only those are reported when they close. */
  private readonly reported = new WeakSet<Connection>();

  constructor(@Inject(GATEWAY_PRESENCE) private readonly presence: GatewayPresence) {
    super();
  }

  override bind(connection: Connection): boolean {
    const bound = super.bind(connection);
    const person = personOf(connection);
    if (bound && person && !this.reported.has(connection)) {
      this.reported.add(connection);
      void this.presence.connected(person, connection.id);
    }
    return bound;
  }

  override remove(connection: Connection): void {
    super.remove(connection);
    const person = personOf(connection);
    if (person && this.reported.has(connection)) {
      this.reported.delete(connection);
      void this.presence.disconnected(person, connection.id);
    }
  }
}

function personOf(connection: Connection): PresencePerson | undefined {
  const principal = connection.principal;
  return principal ? { userId: principal.userId, username: principal.username } : undefined;
}
