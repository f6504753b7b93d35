import { Module, type DynamicModule, type InjectionToken, type Type } from '@nestjs/common';
import { HandlerRegistry } from '@tidings/gateway/domain';
import { GATEWAY_AUTHENTICATOR, type GatewayAuthenticator } from './auth-port';
import { ConnectionRegistry } from './connection-registry';
import { FrameDispatcher, HANDLER_REGISTRY } from './frame-dispatcher';
import { registeredHandler } from './frame-handler';
import { fanoutParts, type FanoutOptions } from './fanout/fanout-providers';
import { StreamStarter } from './fanout/stream-starter';
import { GatewayConnections } from './gateway';
import { GatewayMetrics } from './gateway-metrics';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway-options';
import { BUILT_IN_HANDLERS } from './handlers/built-in';
import { HandshakePolicy } from './handshake-policy';
import { presenceParts, type GatewayPresenceOptions } from './presence-providers';
import { Heartbeat } from './heartbeat';
import { SessionRevocationConsumer } from './session-revocation.consumer';

export interface GatewayModuleOptions extends GatewayOptions {
  /** Binds the authentication port; the host wires it to identity's Authenticator. */
  authenticator: {
    imports?: DynamicModule['imports'];
    inject?: InjectionToken[];
    useFactory: (...deps: never[]) => GatewayAuthenticator;
  };
  /** Frame handlers beyond the built-in ones, each declared with `@GatewayMessage`. */
  handlers?: Type[];
  /**
   * Fan-out of `messaging.*` events, resume, typing and call signals (docs/realtime.md,
   * docs/calls.md). Without it the gateway is the connection layer only: `ready` says seq 0
   * and no events flow.
   */
  fanout?: FanoutOptions;
  /** Reports sockets to presence and offers the presence frames (docs/presence.md). */
  presence?: GatewayPresenceOptions;
}

/**
 * The WebSocket gateway at `/ws` (docs/realtime.md). Needs the global EventBus and
 * MetricsService, and the host must install the adapter: `useGatewayAdapter(app)`.
 */
@Module({})
export class GatewayModule {
  static forRoot({
    authenticator,
    handlers = [],
    fanout,
    presence,
    ...options
  }: GatewayModuleOptions): DynamicModule {
    const fanning = fanoutParts(fanout);
    const presenting = presenceParts(presence, fanout !== undefined);
    const handlerTypes = [
      ...BUILT_IN_HANDLERS,
      ...fanning.handlers,
      ...presenting.handlers,
      ...handlers,
    ];
    return {
      module: GatewayModule,
      imports: [...(authenticator.imports ?? []), ...fanning.imports, ...presenting.imports],
      providers: [
        { provide: GATEWAY_OPTIONS, useValue: options },
        {
          provide: GATEWAY_AUTHENTICATOR,
          inject: authenticator.inject ?? [],
          useFactory: authenticator.useFactory,
        },
        ...handlerTypes,
        {
          provide: HANDLER_REGISTRY,
          inject: handlerTypes,
          useFactory: (...instances: object[]) =>
            new HandlerRegistry(instances.map(registeredHandler)),
        },
        ...presenting.providers,
        presenting.registry,
        HandshakePolicy,
        GatewayMetrics,
        FrameDispatcher,
        Heartbeat,
        SessionRevocationConsumer,
        ...fanning.providers,
        StreamStarter,
        GatewayConnections,
      ],
      exports: [GATEWAY_OPTIONS, HANDLER_REGISTRY, HandshakePolicy, ConnectionRegistry],
    };
  }
}
