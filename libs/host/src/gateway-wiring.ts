import type { DynamicModule } from '@nestjs/common';
import {
  GatewayModule,
  HttpCallParticipants,
  HttpConversationAudience,
  type AudiencePrincipal,
  type CallParticipants,
  type ConversationAudience,
  type GatewayAuthenticator,
  type GatewayModuleOptions,
  type HttpAudienceOptions,
} from '@tidings/gateway/feature';
import { permissionsOf, type Permission } from '@tidings/identity/domain';
import { Authenticator } from '@tidings/identity/feature';
import {
  AudienceQueries,
  CallParticipantQueries,
  PresencePeerQueries,
} from '@tidings/messaging/feature';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { deliveryModeOf, publicUrlOf, runs, type TidingsConfig } from './config';

/** What the gateway asks messaging: conversation members, and a principal's recipient id. */
type MessagingAudience = ConversationAudience & {
  recipientIdOf(principal: AudiencePrincipal): Promise<string>;
};

/**
 * Messaging's answers in-process (its queries on the shared DataSource) when messaging runs
 * here, else its internal routes over HTTP with the shared service token (checked at boot).
 */
function messagingAudience(config: TidingsConfig, dataSource: DataSource): MessagingAudience {
  if (runs(config, 'messaging')) return new AudienceQueries(dataSource);
  return new HttpConversationAudience(messagingInternal(config));
}

/** Who is joined in a call, for the `call.signal` relay: asked of messaging like the audience. */
function messagingCalls(config: TidingsConfig, dataSource: DataSource): CallParticipants {
  if (runs(config, 'messaging')) return new CallParticipantQueries(dataSource);
  return new HttpCallParticipants(messagingInternal(config));
}

/** Messaging's internal routes, as a gateway without messaging reaches them (checked at boot). */
function messagingInternal(config: TidingsConfig): HttpAudienceOptions {
  return {
    baseUrl: config.MESSAGING_INTERNAL_URL ?? '',
    serviceToken: config.INTERNAL_SERVICE_TOKEN ?? '',
  };
}

/**
 * People need this to open a WebSocket. Every person's role has it; bots (integration role,
 * tokens scoped to the connector routes) do not, so their tokens are refused with 4403.
 */
export const GATEWAY_CONNECT_PERMISSION: Permission = 'self.read';

/**
 * The gateway's authentication port, bound to identity's Authenticator: a socket's token
 * passes exactly the checks a REST request's does (signature, issuer, audience, expiry,
 * deactivation, session version). Permissions are computed as the AuthGuard does — the
 * roles' permissions, and for a bot or widget token only those within its scopes. `audience` tells the
 * id messaging knows the person by, under which the fan-out finds their sockets.
 */
export function identityGatewayAuthenticator(
  authenticator: Authenticator,
  audience?: Pick<MessagingAudience, 'recipientIdOf'>,
): GatewayAuthenticator {
  return {
    async authenticate(token) {
      const principal = await authenticator.authenticate(`Bearer ${token}`);
      const granted = [...permissionsOf(principal.roles)];
      const scopes = principal.scopes;
      const recipientId = await audience?.recipientIdOf(principal);
      return {
        kind: principal.kind,
        userId: principal.userId,
        username: principal.username,
        ...(recipientId ? { recipientId } : {}),
        permissions: new Set(
          scopes === undefined ? granted : granted.filter((p) => scopes.includes(p)),
        ),
        // A widget token's socket ends with the token (docs/widget.md).
        ...(principal.widget ? { expiresAt: principal.widget.expiresAt } : {}),
      };
    },
  };
}

/**
 * The gateway at /ws, with limits from configuration; `identity` is the host's IdentityModule;
 * `extra` adds optional parts (presence: see presence-wiring.ts).
 */
export function gatewayModule(
  config: TidingsConfig,
  identity: DynamicModule,
  extra: Pick<GatewayModuleOptions, 'presence'> = {},
): DynamicModule {
  return GatewayModule.forRoot({
    limits: {
      authTimeoutMs: config.WS_AUTH_TIMEOUT_MS,
      heartbeatIntervalMs: config.WS_HEARTBEAT_INTERVAL_MS,
      maxFrameBytes: config.WS_MAX_FRAME_BYTES,
      sendBufferLimitBytes: config.WS_SEND_BUFFER_LIMIT_BYTES,
      rateLimitPerSecond: config.WS_RATE_LIMIT_PER_SECOND,
      rateLimitBurst: config.WS_RATE_LIMIT_BURST,
    },
    allowedOrigins: config.WS_ALLOWED_ORIGINS ?? [new URL(publicUrlOf(config)).origin],
    connectPermission: GATEWAY_CONNECT_PERMISSION,
    authenticator: {
      imports: [identity],
      inject: [Authenticator, DATA_SOURCE],
      useFactory: (authenticator: Authenticator, dataSource: DataSource) =>
        identityGatewayAuthenticator(authenticator, messagingAudience(config, dataSource)),
    },
    // messaging.* → each member's devices, resume and typing (docs/realtime.md).
    fanout: {
      audience: {
        inject: [DATA_SOURCE],
        useFactory: (dataSource: DataSource) => messagingAudience(config, dataSource),
      },
      // Several gateway processes: every one hears of every stored event through the bus.
      delivery: deliveryModeOf(config),
      // directory.user.updated / .deactivated → the person's peers: the same messaging query
      // that decides who sees their presence (docs/realtime.md, _Who receives what_).
      peers: {
        inject: [DATA_SOURCE],
        useFactory: (dataSource: DataSource) => new PresencePeerQueries(dataSource),
      },
      // call.signal: SDP and ICE between a call's joined participants (docs/calls.md).
      calls: {
        inject: [DATA_SOURCE],
        useFactory: (dataSource: DataSource) => messagingCalls(config, dataSource),
      },
      settings: {
        retentionMs: config.WS_EVENT_RETENTION_HOURS * 3_600_000,
        maxEventsPerUser: config.WS_EVENT_RETENTION_PER_USER,
      },
    },
    ...extra,
  });
}
