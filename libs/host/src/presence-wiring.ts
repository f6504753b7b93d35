import { randomUUID } from 'node:crypto';
import type { DynamicModule } from '@nestjs/common';
import {
  BusPresenceReports,
  HttpPresence,
  type GatewayModuleOptions,
  type GatewayPresence,
} from '@tidings/gateway/feature';
import { PresencePeerQueries } from '@tidings/messaging/feature';
import { BusRuntime } from '@tidings/platform/bus';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import { PresenceAudience, PresenceConnections, PresenceModule } from '@tidings/presence/feature';
import type { DataSource } from 'typeorm';
import { TIDINGS_SERVICE_NAMES, type TidingsConfig } from './config';

/**
 * Presence (docs/presence.md). Its peers port is bound to a messaging query — presence may not
 * read messaging's tables, the host connects the two here. The holder id defaults to one per
 * process: connections its in-process gateway recorded in an earlier run are known dead at boot
 * and are swept. When this process runs only some services, gateways may run elsewhere: their
 * reports come from the bus, their holders live by lease (PRESENCE_LEASE_MS), and they ask
 * presence's internal routes with INTERNAL_SERVICE_TOKEN.
 */
export function presenceModule(config: TidingsConfig): DynamicModule {
  return PresenceModule.forRoot({
    peers: {
      inject: [DATA_SOURCE],
      useFactory: (dataSource: DataSource) => new PresencePeerQueries(dataSource),
    },
    ...(config.INTERNAL_SERVICE_TOKEN
      ? { internalServiceToken: config.INTERNAL_SERVICE_TOKEN }
      : {}),
    gatewayReports: config.TIDINGS_SERVICES.length < TIDINGS_SERVICE_NAMES.length,
    holderSweepMs: Math.ceil(config.PRESENCE_LEASE_MS / 3),
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

/**
 * The same ports for a gateway whose presence runs in another process: sockets are reported
 * as `gateway.connection.*` events through the gateway's outbox, under this process's id with
 * a lease it renews; `presence.subscribe` and the audience of a change are asked of presence's
 * internal routes (PRESENCE_INTERNAL_URL, INTERNAL_SERVICE_TOKEN; checked at boot).
 */
export function remoteGatewayPresence(
  config: TidingsConfig,
): Pick<GatewayModuleOptions, 'presence'> {
  const http = new HttpPresence({
    baseUrl: config.PRESENCE_INTERNAL_URL ?? '',
    serviceToken: config.INTERNAL_SERVICE_TOKEN ?? '',
  });
  return {
    presence: {
      inject: [BusRuntime],
      useFactory: (bus: BusRuntime): GatewayPresence =>
        new BusPresenceReports(bus.runnerFor('gateway'), http, {
          processId: randomUUID(),
          leaseMs: config.PRESENCE_LEASE_MS,
        }),
      audience: { useFactory: () => http },
    },
  };
}
