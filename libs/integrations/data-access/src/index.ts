import { IntegrationsCreateOutbox, IntegrationsCreateWebhooks1765000000100 } from './migrations';

export { IntegrationsCreateOutbox, IntegrationsCreateWebhooks1765000000100 };
export {
  WebhooksRepository,
  type AcceptedRequest,
  type WebhookRecord,
} from './webhooks.repository';

/** Integrations' migrations (its repository speaks SQL; no entities). */
export const integrationsPersistence = {
  entities: [],
  migrations: [IntegrationsCreateOutbox, IntegrationsCreateWebhooks1765000000100],
};
