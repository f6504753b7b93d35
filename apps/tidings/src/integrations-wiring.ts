import type { DynamicModule } from '@nestjs/common';
import { SecretBox, secretKeyFrom } from '@tidings/directory/data-access';
import {
  DEFAULT_INTEGRATIONS_OPTIONS,
  IntegrationsModule,
  type IntegrationsMessaging,
  type SecretSealer,
} from '@tidings/integrations/feature';
import {
  IntegrationConversationQueries,
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
 * Integrations (docs/integrations.md): incoming webhooks. Its messaging port is bound to
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
  });
}
