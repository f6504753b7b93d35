import type { DynamicModule, InjectionToken, Provider, Type } from '@nestjs/common';
import { ConnectionRegistry } from './connection-registry';
import { PRESENCE_HANDLERS } from './handlers/presence.handlers';
import { GATEWAY_PRESENCE, type GatewayPresence } from './presence-port';
import { PresenceReportingRegistry } from './presence-registry';

/** Binds the presence port; the host wires it to presence's PresenceConnections. */
export interface GatewayPresenceOptions {
  imports?: DynamicModule['imports'];
  inject?: InjectionToken[];
  useFactory: (...deps: never[]) => GatewayPresence;
}

/**
 * What a presence binding adds to the gateway: the port, a registry that reports sockets
 * signing in and closing, and the `presence` / `presence.subscribe` frames. Without a
 * binding: the plain registry, no presence frames.
 */
export function presenceParts(presence: GatewayPresenceOptions | undefined): {
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
    ],
    handlers: PRESENCE_HANDLERS,
    registry: { provide: ConnectionRegistry, useClass: PresenceReportingRegistry },
  };
}
