import { Module, type DynamicModule, type InjectionToken, type Type } from '@nestjs/common';
import { HandlerRegistry } from '@tidings/gateway/domain';
import { GATEWAY_AUTHENTICATOR, type GatewayAuthenticator } from './auth-port';
import { ConnectionRegistry } from './connection-registry';
import { FrameDispatcher, HANDLER_REGISTRY } from './frame-dispatcher';
import { registeredHandler } from './frame-handler';
import { GatewayConnections } from './gateway';
import { GatewayMetrics } from './gateway-metrics';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway-options';
import { BUILT_IN_HANDLERS } from './handlers/built-in';
import { HandshakePolicy } from './handshake-policy';
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
    ...options
  }: GatewayModuleOptions): DynamicModule {
    const handlerTypes = [...BUILT_IN_HANDLERS, ...handlers];
    return {
      module: GatewayModule,
      imports: authenticator.imports ?? [],
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
        ConnectionRegistry,
        HandshakePolicy,
        GatewayMetrics,
        FrameDispatcher,
        Heartbeat,
        SessionRevocationConsumer,
        GatewayConnections,
      ],
      exports: [GATEWAY_OPTIONS, HANDLER_REGISTRY, HandshakePolicy, ConnectionRegistry],
    };
  }
}
