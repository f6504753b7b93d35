import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const cardActionV1 = defineEvent({
  type: 'integrations.card.action',
  version: 1,
  topic: 'integrations',
  description:
    'Someone clicked an action of a card (POST /api/v1/messages/{id}/card-actions). Delivered to ' +
    "the subscriptions of the card's sender (its bot, or its webhook) that ask for this type — " +
    'by HTTP (signed) or over /connect — whose answer may update the card. `values` holds the ' +
    "card's inputs as filled in, checked against the card.",
  schema: z.object({
    /** This click's own id (uuid v7): one click, one event, however often it is delivered. */
    actionEventId: z.string(),
    messageId: z.string(),
    conversationId: z.string(),
    /** The card version the person saw when they clicked. */
    cardVersion: z.number().int(),
    actionId: z.string(),
    values: z.record(z.string(), z.string()),
    /** Who clicked, as messaging knows them. */
    user: z.object({
      id: z.string(),
      username: z.string().nullable(),
      displayName: z.string().nullable(),
    }),
    /** The bot or webhook that posted the card: whose integration answers. */
    senderId: z.string(),
  }),
});

export type CardActionV1 = z.output<typeof cardActionV1.schema>;
