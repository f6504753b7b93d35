import type { DynamicModule } from '@nestjs/common';
import type { GatewayModuleOptions, GatewayPresence } from '@tidings/gateway/feature';
import { PresencePeerQueries } from '@tidings/messaging/feature';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import { PresenceAudience, PresenceConnections, PresenceModule } from '@tidings/presence/feature';
import type { DataSource } from 'typeorm';

/**
 * Presence (docs/presence.md). Its peers port is bound to a messaging query — presence may not
 * read messaging's tables, the host connects the two here. The holder id defaults to one per
 * process: in this all-in-one host the gateway lives in the same process, so connections
 * recorded by an earlier run are known dead at boot and are swept.
 */
export function presenceModule(): DynamicModule {
  return PresenceModule.forRoot({
    peers: {
      inject: [DATA_SOURCE],
      useFactory: (dataSource: DataSource) => new PresencePeerQueries(dataSource),
    },
  });
}

/**
 * The gateway's presence ports, bound to presence's PresenceConnections (sockets in) and
 * PresenceAudience (changes out) — the same module object.
 */
export function gatewayPresence(presence: DynamicModule): Pick<GatewayModuleOptions, 'presence'> {
  return {
    presence: {
      imports: [presence],
      inject: [PresenceConnections],
      useFactory: (connections: PresenceConnections): GatewayPresence => connections,
      // presence.changed → the sockets of those who may see it (docs/realtime.md, _Presence_).
      audience: {
        inject: [PresenceAudience],
        useFactory: (audience: PresenceAudience) => audience,
      },
    },
  };
}
