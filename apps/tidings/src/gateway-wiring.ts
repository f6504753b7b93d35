import type { DynamicModule } from '@nestjs/common';
import { GatewayModule, type GatewayAuthenticator } from '@tidings/gateway/feature';
import { permissionsOf, type Permission } from '@tidings/identity/domain';
import { Authenticator } from '@tidings/identity/feature';
import { publicUrlOf, type TidingsConfig } from './config';

/**
 * People need this to open a WebSocket. Every person's role has it; bots (integration role,
 * tokens scoped to the connector routes) do not, so their tokens are refused with 4403.
 */
export const GATEWAY_CONNECT_PERMISSION: Permission = 'self.read';

/**
 * The gateway's authentication port, bound to identity's Authenticator: a socket's token
 * passes exactly the checks a REST request's does (signature, issuer, audience, expiry,
 * deactivation, session version). Permissions are computed as the AuthGuard does — the
 * roles' permissions, and for a bot token only those within its scopes.
 */
export function identityGatewayAuthenticator(authenticator: Authenticator): GatewayAuthenticator {
  return {
    async authenticate(token) {
      const principal = await authenticator.authenticate(`Bearer ${token}`);
      const granted = [...permissionsOf(principal.roles)];
      const scopes = principal.scopes;
      return {
        kind: principal.kind,
        userId: principal.userId,
        username: principal.username,
        permissions: new Set(
          scopes === undefined ? granted : granted.filter((p) => scopes.includes(p)),
        ),
      };
    },
  };
}

/** The gateway at /ws, with limits from configuration; `identity` is the host's IdentityModule. */
export function gatewayModule(config: TidingsConfig, identity: DynamicModule): DynamicModule {
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
      inject: [Authenticator],
      useFactory: (authenticator: Authenticator) => identityGatewayAuthenticator(authenticator),
    },
  });
}
