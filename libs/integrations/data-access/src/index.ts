import { IntegrationsDeliveryRetention1765000000300 } from './delivery-retention.migration';
import {
  IntegrationsCreateOutbox,
  IntegrationsCreateSubscriptions1765000000200,
  IntegrationsCreateWebhooks1765000000100,
} from './migrations';

export {
  IntegrationsCreateOutbox,
  IntegrationsCreateSubscriptions1765000000200,
  IntegrationsCreateWebhooks1765000000100,
  IntegrationsDeliveryRetention1765000000300,
};
export {
  WebhooksRepository,
  type AcceptedRequest,
  type WebhookRecord,
} from './webhooks.repository';
export {
  SqlSubscriptionsRepository,
  type SubscriptionChanges,
  type SubscriptionMode,
  type SubscriptionRecord,
  type SubscriptionStatus,
  type SubscriptionsRepository,
} from './subscriptions.repository';
export {
  SqlDeliveriesRepository,
  type AttemptOutcome,
  type AttemptRecord,
  type DeliveriesRepository,
  type DeliveryRecord,
  type DeliveryStatus,
  type DueDelivery,
} from './deliveries.repository';

/** Integrations' migrations (its repositories speak SQL; no entities). */
export const integrationsPersistence = {
  entities: [],
  migrations: [
    IntegrationsCreateOutbox,
    IntegrationsCreateWebhooks1765000000100,
    IntegrationsCreateSubscriptions1765000000200,
    IntegrationsDeliveryRetention1765000000300,
  ],
};
