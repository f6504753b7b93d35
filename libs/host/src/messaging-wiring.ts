import type { DynamicModule } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { hasPermission, isRole } from '@tidings/identity/domain';
import { WidgetSites } from '@tidings/identity/feature';
import {
  MessagingModule,
  type MessagingPorts,
  type PrincipalLike,
  type WidgetSiteLookup,
} from '@tidings/messaging/feature';
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
 * Identity's widget sites as messaging's lookup (context conversations, docs/widget.md).
 * Identity's module is mounted in every process and provides WidgetSites, but it is built
 * beside this one (app.module.ts) rather than imported by it, so the service is found in the
 * application on first use — by then every module is up.
 */
export const widgetSitesPort: NonNullable<MessagingPorts['widgetSites']> = {
  inject: [ModuleRef],
  useFactory: (modules: ModuleRef): WidgetSiteLookup => {
    let sites: WidgetSites | undefined;
    return {
      byOrigin: (origin) => {
        // Throws when no module provides it: identity is mounted in every process.
        sites ??= modules.get<WidgetSites>(WidgetSites, { strict: false });
        return sites.byOrigin(origin);
      },
    };
  },
};

/**
 * Conversations and messages (docs/messaging.md), limits from MESSAGE_MAX_CHARS and co.; calls
 * (docs/calls.md) from CALLS_*; widget context conversations from identity's widget sites.
 */
export function messagingModule(config: TidingsConfig): DynamicModule {
  return MessagingModule.forRoot(
    {
      maxMessageChars: config.MESSAGE_MAX_CHARS,
      mentionAllMaxMembers: config.MENTION_ALL_MAX_MEMBERS,
      isModerator: isMessagingModerator,
      // Ringing and ICE servers; throws a ConfigError for a TURN URL without its secret and co.
      calls: callsOptionsOf(config),
      // Lets gateways in other processes ask who is in a conversation (internal routes).
      ...(config.INTERNAL_SERVICE_TOKEN
        ? { internalServiceToken: config.INTERNAL_SERVICE_TOKEN }
        : {}),
    },
    { widgetSites: widgetSitesPort },
  );
}
