export { IntegrationsModule, type IntegrationsModuleOptions } from './integrations.module';
export {
  DEFAULT_INTEGRATIONS_OPTIONS,
  INTEGRATIONS_MESSAGING,
  type ConversationRef,
  type IntegrationsMessaging,
  type IntegrationsOptions,
  type MessageStatus,
  type PrincipalRef,
  type SecretSealer,
} from './ports';
export {
  IncomingWebhooks,
  HookRefusal,
  type HookAccepted,
  type HookRequest,
} from './incoming-webhooks';
export { registerIncomingWebhooks } from './hooks-route';
export {
  WebhooksService,
  webhookView,
  type WebhookView,
  type WithSecret,
} from './webhooks.service';
export {
  CONNECT_POSTING,
  type ConnectPost,
  type ConnectPosting,
  type PostedMessage,
} from './connect/posting-port';
export * from './outgoing/index';
export * from './connect-socket/index';
export * from './card-actions/index';
export * from './messaging-over-http/index';
