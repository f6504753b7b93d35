import type { DynamicModule } from '@nestjs/common';
import { SecretBox, secretKeyFrom } from '@tidings/directory/data-access';
import {
  DEFAULT_INTEGRATIONS_OPTIONS,
  IntegrationsModule,
  MessagingOverHttp,
  type EventAudience,
  type IntegrationsModuleOptions,
  type IntegrationsMessaging,
  type SecretSealer,
} from '@tidings/integrations/feature';
import {
  CallerPipe,
  IntegrationCards,
  IntegrationConversationQueries,
  MessageActions,
  MessagingQueries,
  messageView,
  WebhookMessagesConsumer,
} from '@tidings/messaging/feature';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { publicUrlOf, type TidingsConfig } from './config';
import { isMessagingModerator } from './messaging-wiring';
import type { SecretKeys } from './secret-keys';

/**
 * The secrets Standard Webhooks and DingTalk modes verify with are sealed like the directory's
 * LDAP bind password: AES-256-GCM under TIDINGS_SECRET_KEY (or the embedded key file), every
 * configured key opening, the current one sealing.
 */
export function secretSealerOf(keys: SecretKeys): SecretSealer {
  const box = new SecretBox(
    keys.current ? secretKeyFrom(keys.current) : null,
    keys.previous.map(secretKeyFrom),
  );
  return {
    get canSeal() {
      return box.canSeal;
    },
    seal: (plaintext, context) => box.seal(plaintext, context).sealed,
    open: (sealed, context) => box.open(sealed, context),
  };
}

/**
 * Who may see a conversation's events, for outgoing subscriptions (messaging's rule: a public
 * channel's are open to any, others only to a subscription whose bot is an active member).
 */
export function eventAudienceOf(dataSource: DataSource): EventAudience {
  const queries = new IntegrationConversationQueries(dataSource);
  return { mayObserve: (conversationId, botId) => queries.mayObserve(conversationId, botId) };
}

/**
 * Integrations' messaging ports over messaging's internal routes, for a process without
 * messaging (MESSAGING_INTERNAL_URL and INTERNAL_SERVICE_TOKEN: checkRoles in app.module.ts
 * requires them). Moderation is a question of roles and scopes, answered here as messaging does.
 */
export function messagingOverHttpOf(config: TidingsConfig): MessagingOverHttp {
  return new MessagingOverHttp({
    baseUrl: config.MESSAGING_INTERNAL_URL ?? '',
    serviceToken: config.INTERNAL_SERVICE_TOKEN ?? '',
    isModerator: isMessagingModerator,
  });
}

type MessagingPorts = Pick<IntegrationsModuleOptions, 'messaging' | 'cards' | 'posting'> & {
  audience: IntegrationsModuleOptions['outgoing']['audience'];
};

/** The ports over HTTP: one client answers them all. */
function portsOverHttp(config: TidingsConfig): MessagingPorts {
  const overHttp = messagingOverHttpOf(config);
  return {
    messaging: { useFactory: () => overHttp },
    cards: { useFactory: () => overHttp },
    posting: { useFactory: () => overHttp },
    audience: { useFactory: () => overHttp },
  };
}

/**
 * The ports in process: messaging's queries, its webhook consumer, its cards and its send path,
 * on this process's objects — the embedded default's fast path. `messaging` is the
 * MessagingModule the host mounts.
 */
function portsInProcess(messaging: DynamicModule): MessagingPorts {
  return {
    messaging: {
      imports: [messaging],
      inject: [DATA_SOURCE, WebhookMessagesConsumer],
      useFactory: (dataSource: DataSource, consumer: WebhookMessagesConsumer) => {
        const queries = new IntegrationConversationQueries(dataSource);
        const port: IntegrationsMessaging = {
          find: (ref) => queries.find(ref),
          isModerator: (principal) => isMessagingModerator(principal),
          mayManage: async (principal, conversationId) =>
            isMessagingModerator(principal) || queries.isOwnerOrAdmin(principal, conversationId),
          messageStatus: (messageId) => consumer.statusOf(messageId),
        };
        return port;
      },
    },
    // Card actions: the card as the clicker may see it, and its update as its sender.
    cards: {
      inject: [IntegrationCards],
      useFactory: (cards: IntegrationCards) => ({
        cardOf: (messageId, reader) => cards.cardOf(messageId, reader),
        updateAsSender: (senderId, messageId, card) =>
          cards.updateAsSender(senderId, messageId, card),
      }),
    },
    // The bot connector's chat.postMessage: as the token's bot, through messaging's send.
    posting: {
      inject: [MessageActions, CallerPipe, MessagingQueries],
      useFactory: (actions: MessageActions, callers: CallerPipe, queries: MessagingQueries) => ({
        post: async (principal, message) => {
          const caller = await callers.transform(principal);
          const sent = await actions.sendKeepingRecord(caller, message.conversationId, {
            text: message.text,
            threadRootId: message.threadRootId,
            card: message.card,
          });
          return messageView(await queries.message(sent.id, caller.id));
        },
      }),
    },
    audience: { inject: [DATA_SOURCE], useFactory: eventAudienceOf },
  };
}

/**
 * Integrations (docs/integrations.md): incoming and outgoing webhooks, card actions, bot
 * connectors. `messaging` is the MessagingModule the host mounts when messaging runs in this
 * process — the ports are then bound to it in process; null: messaging runs elsewhere, and the
 * ports go over its internal routes.
 */
export function integrationsModule(
  config: TidingsConfig,
  keys: SecretKeys,
  messaging: DynamicModule | null,
): DynamicModule {
  const { audience, ...ports } = messaging ? portsInProcess(messaging) : portsOverHttp(config);
  return IntegrationsModule.forRoot({
    options: { ...DEFAULT_INTEGRATIONS_OPTIONS, publicUrl: publicUrlOf(config) },
    sealer: secretSealerOf(keys),
    // Outgoing webhooks (docs/integrations-outgoing.md): receivers through the SSRF guard.
    outgoing: {
      options: {
        allowHosts: config.INTEGRATIONS_ALLOW_HOSTS,
        timeoutMs: config.INTEGRATIONS_DELIVERY_TIMEOUT_MS,
      },
      retention: {
        deliveryRetentionDays: config.INTEGRATIONS_DELIVERY_RETENTION_DAYS,
        idempotencyRetentionDays: config.INTEGRATIONS_IDEMPOTENCY_RETENTION_DAYS,
      },
      audience,
    },
    ...ports,
  });
}
