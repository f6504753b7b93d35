export { parseWebhookPayload } from './parse';
export { WebhookPayloadError, type WebhookPayloadErrorCode } from './errors';
export {
  cardSchema,
  cardFieldSchema,
  cardActionSchema,
  CARD_ACCENTS,
  type Card,
  type CardAccent,
  type CardAction,
  type CardField,
} from './card';
export { nativeSchema, type NativeWebhookBody } from './native';
export type { ParsedWebhook, WebhookDialect, WebhookForm, WebhookMentions } from './types';
