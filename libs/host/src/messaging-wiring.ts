import type { DynamicModule } from '@nestjs/common';
import { hasPermission, isRole } from '@tidings/identity/domain';
import { MessagingModule, type PrincipalLike } from '@tidings/messaging/feature';
import { callsOptionsOf } from './calls-config';
import type { TidingsConfig } from './config';

/**
 * Whether a caller moderates channels: the roles table says who holds `messaging.manage`, and
 * a bot token must also carry it in its scopes — as the AuthGuard decides for routes.
 * Messaging may not import identity; the host connects the two here.
 */
export function isMessagingModerator(principal: PrincipalLike): boolean {
  const scoped = principal.scopes === undefined || principal.scopes.includes('messaging.manage');
  return scoped && hasPermission(principal.roles.filter(isRole), 'messaging.manage');
}

/**
 * Conversations and messages (docs/messaging.md), limits from MESSAGE_MAX_CHARS and co.; calls
 * (docs/calls.md) from CALLS_*.
 */
export function messagingModule(config: TidingsConfig): DynamicModule {
  return MessagingModule.forRoot({
    maxMessageChars: config.MESSAGE_MAX_CHARS,
    mentionAllMaxMembers: config.MENTION_ALL_MAX_MEMBERS,
    isModerator: isMessagingModerator,
    // Ringing and ICE servers; throws a ConfigError for a TURN URL without its secret and co.
    calls: callsOptionsOf(config),
    // Lets gateways in other processes ask who is in a conversation (internal routes).
    ...(config.INTERNAL_SERVICE_TOKEN
      ? { internalServiceToken: config.INTERNAL_SERVICE_TOKEN }
      : {}),
  });
}
