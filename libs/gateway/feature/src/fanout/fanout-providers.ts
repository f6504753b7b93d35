import { randomUUID } from 'node:crypto';
import type { DynamicModule, InjectionToken, Provider, Type } from '@nestjs/common';
import { SqlDeliveryStore } from '@tidings/gateway/data-access';
import { DEFAULT_FANOUT_SETTINGS, type FanoutSettings } from '@tidings/gateway/domain';
import { BusRuntime } from '@tidings/platform/bus';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { AudienceLookup } from './audience';
import { CallSignalHandler } from './call-signal.handler';
import { DeliveryPruner } from './delivery-pruner';
import { DELIVERY_GROUP, DeliveryConsumer } from './delivery.consumer';
import { BusDeliveryRoute, DirectDeliveryRoute } from './delivery-routes';
import { FANOUT_GROUP, FanoutConsumer } from './fanout.consumer';
import { LocalDeliverySink } from './local-delivery-sink';
import { PERSON_PEERS, type PersonPeers } from './people-port';
import {
  CALL_PARTICIPANTS,
  CONVERSATION_AUDIENCE,
  DEFAULT_FANOUT_GROUP,
  DELIVERY_ROUTE,
  DELIVERY_SINK,
  DELIVERY_STORE,
  FANOUT_SETTINGS,
  type CallParticipants,
  type ConversationAudience,
  type DeliveryMode,
} from './ports';
import { TypingHandler } from './typing.handler';

export interface FanoutOptions {
  /** Binds the audience port; the host wires it to a messaging query. */
  audience: {
    imports?: DynamicModule['imports'];
    inject?: InjectionToken[];
    useFactory: (...deps: never[]) => ConversationAudience;
  };
  /**
   * Binds the person-peers port (people-port.ts); with it the fan-out also stores the
   * `directory.*` events clients show live for their peers. The host wires it to messaging.
   */
  peers?: {
    imports?: DynamicModule['imports'];
    inject?: InjectionToken[];
    useFactory: (...deps: never[]) => PersonPeers;
  };
  /**
   * Binds the call-participants port (ports.ts); with it the gateway relays `call.signal`
   * frames between a call's joined participants (docs/calls.md). The host wires it to messaging.
   */
  calls?: {
    imports?: DynamicModule['imports'];
    inject?: InjectionToken[];
    useFactory: (...deps: never[]) => CallParticipants;
  };
  settings?: Partial<FanoutSettings>;
  /**
   * The fan-out's consumer group. ONE group shared by every gateway process: each event is
   * stored once. (Live delivery to each gateway's own sockets is the delivery route's business.)
   */
  group?: string;
  /**
   * How stored events reach the sockets (see DeliveryRoute): `direct` (default) when this is
   * the only gateway process, `bus` when there are several.
   */
  delivery?: DeliveryMode;
  /** Bus mode: names this process's consumer group of the `gateway` topic (default: random). */
  instanceId?: string;
}

/** The store, and how its events travel, for the configured delivery mode. */
function deliveryProviders(mode: DeliveryMode, instanceId: string): Provider[] {
  const outbox = (bus: BusRuntime) => bus.runnerFor('gateway');
  const common: Provider[] = [
    LocalDeliverySink,
    { provide: DELIVERY_SINK, useExisting: LocalDeliverySink },
  ];
  if (mode === 'direct') {
    return [
      ...common,
      {
        provide: DELIVERY_STORE,
        inject: [DATA_SOURCE],
        useFactory: (dataSource: DataSource) => new SqlDeliveryStore(dataSource),
      },
      {
        provide: DELIVERY_ROUTE,
        inject: [DELIVERY_SINK],
        useFactory: (sink: LocalDeliverySink) => new DirectDeliveryRoute(sink),
      },
    ];
  }
  return [
    ...common,
    {
      provide: DELIVERY_STORE,
      inject: [DATA_SOURCE, BusRuntime],
      useFactory: (dataSource: DataSource, bus: BusRuntime) =>
        new SqlDeliveryStore(dataSource, outbox(bus)),
    },
    {
      provide: DELIVERY_ROUTE,
      inject: [BusRuntime],
      useFactory: (bus: BusRuntime) => new BusDeliveryRoute(outbox(bus)),
    },
    { provide: DELIVERY_GROUP, useValue: `gateway.delivery.${instanceId}` },
    DeliveryConsumer,
  ];
}

/** What GatewayModule adds when it fans out: store, sink, consumer, pruner, typing, calls. */
export function fanoutParts(options: FanoutOptions | undefined): {
  imports: NonNullable<DynamicModule['imports']>;
  providers: Provider[];
  handlers: Type[];
} {
  if (!options) return { imports: [], providers: [], handlers: [] };
  const settings: FanoutSettings = { ...DEFAULT_FANOUT_SETTINGS, ...options.settings };
  return {
    imports: [
      ...(options.audience.imports ?? []),
      ...(options.peers?.imports ?? []),
      ...(options.calls?.imports ?? []),
    ],
    providers: [
      { provide: FANOUT_SETTINGS, useValue: settings },
      { provide: FANOUT_GROUP, useValue: options.group ?? DEFAULT_FANOUT_GROUP },
      {
        provide: CONVERSATION_AUDIENCE,
        inject: options.audience.inject ?? [],
        useFactory: options.audience.useFactory,
      },
      ...(options.peers
        ? [
            {
              provide: PERSON_PEERS,
              inject: options.peers.inject ?? [],
              useFactory: options.peers.useFactory,
            },
          ]
        : []),
      ...(options.calls
        ? [
            {
              provide: CALL_PARTICIPANTS,
              inject: options.calls.inject ?? [],
              useFactory: options.calls.useFactory,
            },
          ]
        : []),
      ...deliveryProviders(options.delivery ?? 'direct', options.instanceId ?? randomUUID()),
      AudienceLookup,
      FanoutConsumer,
      DeliveryPruner,
    ],
    // Signals need the call port: without it the type stays unknown rather than half-working.
    handlers: options.calls ? [TypingHandler, CallSignalHandler] : [TypingHandler],
  };
}
