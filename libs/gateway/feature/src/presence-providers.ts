import type { DynamicModule, InjectionToken, Provider, Type } from '@nestjs/common';
import { ConnectionRegistry } from './connection-registry';
import {
  DEFAULT_PRESENCE_FANOUT_GROUP,
  PRESENCE_FANOUT_GROUP,
  PRESENCE_RECIPIENTS,
  PresenceFanoutConsumer,
  type PresenceRecipients,
} from './fanout/presence-fanout.consumer';
import { PRESENCE_HANDLERS } from './handlers/presence.handlers';
import { GATEWAY_PRESENCE, type GatewayPresence } from './presence-port';
import { PresenceReportingRegistry } from './presence-registry';

/** Binds the presence port; the host wires it to presence's PresenceConnections. */
export interface GatewayPresenceOptions {
  imports?: DynamicModule['imports'];
  inject?: InjectionToken[];
  useFactory: (...deps: never[]) => GatewayPresence;
  /**
   * Who may see a user's presence (the host binds presence's PresenceAudience). With it, and a
   * fan-out to deliver through, `presence.changed` reaches those users' sockets.
   */
  audience?: {
    inject?: InjectionToken[];
    useFactory: (...deps: never[]) => PresenceRecipients;
    /** The presence fan-out's consumer group (default `gateway.presence`: one for all). */
    group?: string;
  };
}

/**
 * What a presence binding adds to the gateway: the port, a registry that reports sockets
 * signing in and closing, and the `presence` / `presence.subscribe` frames. Without a
 * binding: the plain registry, no presence frames. With an audience binding and a fan-out
 * (`fanningOut`: its delivery route), presence changes are delivered to sockets too.
 */
export function presenceParts(
  presence: GatewayPresenceOptions | undefined,
  fanningOut = false,
): {
  imports: NonNullable<DynamicModule['imports']>;
  providers: Provider[];
  handlers: Type[];
  registry: Provider;
} {
  if (!presence) return { imports: [], providers: [], handlers: [], registry: ConnectionRegistry };
  return {
    imports: presence.imports ?? [],
    providers: [
      { provide: GATEWAY_PRESENCE, inject: presence.inject ?? [], useFactory: presence.useFactory },
      ...(presence.audience && fanningOut ? presenceFanoutProviders(presence.audience) : []),
    ],
    handlers: PRESENCE_HANDLERS,
    registry: { provide: ConnectionRegistry, useClass: PresenceReportingRegistry },
  };
}

function presenceFanoutProviders(
  audience: NonNullable<GatewayPresenceOptions['audience']>,
): Provider[] {
  return [
    {
      provide: PRESENCE_RECIPIENTS,
      inject: audience.inject ?? [],
      useFactory: audience.useFactory,
    },
    { provide: PRESENCE_FANOUT_GROUP, useValue: audience.group ?? DEFAULT_PRESENCE_FANOUT_GROUP },
    PresenceFanoutConsumer,
  ];
}
