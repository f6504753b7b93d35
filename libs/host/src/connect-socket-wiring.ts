import type { DynamicModule } from '@nestjs/common';
import { Authenticator } from '@tidings/identity/feature';
import {
  ConnectSocketModule,
  DEFAULT_CONNECT_SOCKET_OPTIONS,
  type ConnectCards,
} from '@tidings/integrations/feature';
import { IntegrationCards } from '@tidings/messaging/feature';
import type { TidingsConfig } from './config';
import { identityGatewayAuthenticator } from './gateway-wiring';
import { messagingOverHttpOf } from './integrations-wiring';

/**
 * `/connect` (docs/integrations-connect.md): bots behind a firewall receive their `socket`
 * subscriptions' deliveries over a WebSocket on this host's HTTP server and port. Its tokens are
 * checked as the gateway checks people's (identity's Authenticator, permissions narrowed to a
 * bot token's scopes); a card in an ack is stored through messaging's update-as-sender — in
 * process when messaging runs here (`messaging`: the module the host mounts), else over its
 * internal routes (null). `integrations` is the IntegrationsModule the host mounts.
 */
export function connectSocketModule(
  config: TidingsConfig,
  identity: DynamicModule,
  integrations: DynamicModule,
  messaging: DynamicModule | null,
): DynamicModule {
  return ConnectSocketModule.forRoot({
    options: {
      ...DEFAULT_CONNECT_SOCKET_OPTIONS,
      ackTimeoutMs: config.CONNECT_ACK_TIMEOUT_MS,
      maxInFlightPerBot: config.CONNECT_MAX_IN_FLIGHT,
      authTimeoutMs: config.CONNECT_AUTH_TIMEOUT_MS,
      heartbeatIntervalMs: config.WS_HEARTBEAT_INTERVAL_MS,
    },
    integrations,
    authenticator: {
      imports: [identity],
      inject: [Authenticator],
      useFactory: (authenticator: Authenticator) => identityGatewayAuthenticator(authenticator),
    },
    cards: messaging
      ? {
          imports: [messaging],
          inject: [IntegrationCards],
          useFactory: (cards: IntegrationCards): ConnectCards => ({
            updateAsSender: (senderId, messageId, card) =>
              cards.updateAsSender(senderId, messageId, card),
          }),
        }
      : { useFactory: (): ConnectCards => messagingOverHttpOf(config) },
  });
}
