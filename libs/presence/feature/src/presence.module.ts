import { randomUUID } from 'node:crypto';
import {
  Logger,
  Module,
  type DynamicModule,
  type InjectionToken,
  type Provider,
} from '@nestjs/common';
import { BusRuntime } from '@tidings/platform/bus';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import { DeadlineTimers, PresenceSubscriptions } from '@tidings/presence/domain';
import type { DataSource } from 'typeorm';
import { InternalPresenceController } from './api/internal-presence.controller';
import { PresenceController } from './api/presence.controller';
import { PresenceActions } from './presence.actions';
import { PresenceAudience } from './presence-audience';
import { PresenceConnections } from './presence-connections';
import { PresenceLifecycle } from './presence-lifecycle';
import {
  PRESENCE_OPTIONS,
  PRESENCE_PEERS,
  type PresenceOptions,
  type PresencePeers,
} from './presence-ports';
import { PresenceQueries } from './presence.queries';
import { GatewayReports } from './remote/gateway-reports';
import { GatewayReportsConsumer } from './remote/gateway-reports.consumer';
import { HolderLeases } from './remote/holder-leases';
import { PRESENCE_SUBSCRIPTIONS, PRESENCE_TIMERS } from './tokens';

export interface PresenceModuleOptions extends Partial<PresenceOptions> {
  /** Binds the peers port; the host wires it to a messaging query. */
  peers: {
    imports?: DynamicModule['imports'];
    inject?: InjectionToken[];
    useFactory: (...deps: never[]) => PresencePeers;
  };
}

/**
 * Presence (docs/presence.md): online / away / dnd / offline over a user's devices, custom
 * status, last seen; `presence.changed` through its own outbox. The gateway reports sockets
 * through `PresenceConnections`; fan-out asks `PresenceAudience` who receives a change.
 */
@Module({})
export class PresenceModule {
  static forRoot({
    peers,
    holderId = randomUUID(),
    ...options
  }: PresenceModuleOptions): DynamicModule {
    const logger = new Logger('Presence');
    return {
      module: PresenceModule,
      imports: peers.imports ?? [],
      controllers: [PresenceController, InternalPresenceController],
      providers: [
        {
          provide: PRESENCE_OPTIONS,
          useValue: { holderId, ...options } satisfies PresenceOptions,
        },
        { provide: PRESENCE_PEERS, inject: peers.inject ?? [], useFactory: peers.useFactory },
        { provide: PRESENCE_SUBSCRIPTIONS, useValue: new PresenceSubscriptions() },
        {
          // The timers fire `expire`, and the actions arm the timers: one factory ties the knot.
          provide: PresenceActions,
          inject: [BusRuntime, DATA_SOURCE],
          useFactory: (bus: BusRuntime, dataSource: DataSource) => {
            const timers = new DeadlineTimers((userId) => {
              actions
                .expire(userId)
                .catch((error: unknown) =>
                  logger.error(`expiring ${userId}'s status failed: ${String(error)}`),
                );
            });
            const actions = new PresenceActions(
              bus.runnerFor('presence'),
              dataSource,
              holderId,
              timers,
            );
            timersOf.set(actions, timers);
            return actions;
          },
        },
        {
          provide: PRESENCE_TIMERS,
          inject: [PresenceActions],
          useFactory: (actions: PresenceActions) => timersOf.get(actions),
        },
        {
          provide: PresenceQueries,
          inject: [DATA_SOURCE, PRESENCE_PEERS, PRESENCE_SUBSCRIPTIONS],
          useFactory: (ds: DataSource, p: PresencePeers, s: PresenceSubscriptions) =>
            new PresenceQueries(ds, p, s),
        },
        {
          provide: PresenceConnections,
          inject: [PresenceActions, PRESENCE_PEERS, PRESENCE_SUBSCRIPTIONS, PresenceQueries],
          useFactory: (
            actions: PresenceActions,
            p: PresencePeers,
            s: PresenceSubscriptions,
            q: PresenceQueries,
          ) => new PresenceConnections(actions, p, s, q),
        },
        {
          provide: PresenceAudience,
          inject: [PRESENCE_PEERS, PRESENCE_SUBSCRIPTIONS],
          useFactory: (p: PresencePeers, s: PresenceSubscriptions) => new PresenceAudience(p, s),
        },
        {
          provide: HolderLeases,
          inject: [DATA_SOURCE, PresenceActions, PRESENCE_SUBSCRIPTIONS],
          useFactory: (ds: DataSource, actions: PresenceActions, s: PresenceSubscriptions) =>
            new HolderLeases(ds, actions, s),
        },
        PresenceLifecycle,
        ...(options.gatewayReports ? gatewayReportsProviders() : []),
      ],
      exports: [PresenceConnections, PresenceAudience, PresenceQueries, PresenceActions],
    };
  }
}

const timersOf = new WeakMap<PresenceActions, DeadlineTimers>();

/** Reports of gateways in other processes, from the bus (remote/gateway-reports.ts). */
function gatewayReportsProviders(): Provider[] {
  return [
    {
      provide: GatewayReports,
      inject: [
        PresenceActions,
        PresenceQueries,
        PRESENCE_PEERS,
        PRESENCE_SUBSCRIPTIONS,
        HolderLeases,
      ],
      useFactory: (
        actions: PresenceActions,
        queries: PresenceQueries,
        p: PresencePeers,
        s: PresenceSubscriptions,
        leases: HolderLeases,
      ) => new GatewayReports(actions, queries, p, s, leases),
    },
    GatewayReportsConsumer,
  ];
}
