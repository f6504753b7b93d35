import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { ConnectSocketServer } from './connect-socket.server';
import {
  CONNECT_AUTHENTICATOR,
  CONNECT_CARDS,
  CONNECT_SOCKET_OPTIONS,
  type ConnectAuthenticator,
  type ConnectCards,
  type ConnectSocketOptions,
} from './ports';

interface FactoryOf<T> {
  imports?: DynamicModule['imports'];
  inject?: InjectionToken[];
  useFactory: (...deps: never[]) => T;
}

export interface ConnectSocketModuleOptions {
  options: ConnectSocketOptions;
  /**
   * The host's IntegrationsModule (the same object it mounts): its delivery dispatcher,
   * transports and clock are the ones the socket transport plugs into.
   */
  integrations: DynamicModule;
  /** Binds the token check to identity's Authenticator. */
  authenticator: FactoryOf<ConnectAuthenticator>;
  /** Binds card answers to messaging's update-as-sender. */
  cards: FactoryOf<ConnectCards>;
}

/**
 * `/connect`, the outbound-only connector (docs/integrations-connect.md). A module of its own
 * beside IntegrationsModule: a process serving no connectors does not open the endpoint, and
 * the delivery engine does not know sockets exist beyond the transport registered with it.
 */
@Module({})
export class ConnectSocketModule {
  static forRoot({
    options,
    integrations,
    authenticator,
    cards,
  }: ConnectSocketModuleOptions): DynamicModule {
    return {
      module: ConnectSocketModule,
      imports: [integrations, ...(authenticator.imports ?? []), ...(cards.imports ?? [])],
      providers: [
        { provide: CONNECT_SOCKET_OPTIONS, useValue: options },
        {
          provide: CONNECT_AUTHENTICATOR,
          inject: authenticator.inject ?? [],
          useFactory: authenticator.useFactory,
        },
        { provide: CONNECT_CARDS, inject: cards.inject ?? [], useFactory: cards.useFactory },
        ConnectSocketServer,
      ],
      exports: [ConnectSocketServer],
    };
  }
}
