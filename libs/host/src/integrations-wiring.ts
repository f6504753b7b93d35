import type { DynamicModule } from '@nestjs/common';
import { SecretBox, secretKeyFrom } from '@tidings/directory/data-access';
import {
  DEFAULT_INTEGRATIONS_OPTIONS,
  IntegrationsModule,
  type EventAudience,
  type IntegrationsMessaging,
  type SecretSealer,
} from '@tidings/integrations/feature';
import { messagingStore } from '@tidings/messaging/data-access';
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
 * Who may see a conversation's events, for outgoing subscriptions: a public channel's are open
 * to any; a private group's or a direct conversation's only to a subscription whose bot is an
 * active member. Read from messaging's tables here, in the host: integrations may not.
 */
export function eventAudienceOf(dataSource: DataSource): EventAudience {
  const store = messagingStore(dataSource);
  return {
    mayObserve: async (conversationId, botId) => {
      const conversation = await store.conversations.findById(conversationId);
      if (!conversation) return false;
      if (conversation.kind === 'channel' && conversation.visibility === 'public') return true;
      if (botId === null) return false;
      const member = await store.members.find(conversationId, botId);
      return member?.status === 'active';
    },
  };
}

/**
 * Integrations (docs/integrations.md): incoming and outgoing webhooks. Its messaging port is bound to
 * messaging's queries and its webhook consumer, in this process — so integrations runs where
 * messaging runs (checkRoles in app.module.ts says so).
 */
export function integrationsModule(
  config: TidingsConfig,
  keys: SecretKeys,
  messaging: DynamicModule,
): DynamicModule {
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
      audience: { inject: [DATA_SOURCE], useFactory: eventAudienceOf },
    },
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
  });
}
