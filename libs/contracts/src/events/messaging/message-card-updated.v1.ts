import { z } from 'zod';
import { cardSchema } from '../../cards/card';
import { defineEvent } from '../../define-event';
import { actorSchema } from '../../envelope';

export const messageCardUpdatedV1 = defineEvent({
  type: 'messaging.message.card_updated',
  version: 1,
  topic: 'messaging',
  description:
    "A message's card was replaced by its sender (a bot, an integration account or the " +
    'webhook that posted it) — e.g. "Approved by 王芳" after a click. `cardVersion` counts: 1 ' +
    'for the first card, +1 per update; a client keeps the card with the highest version.',
  schema: z.object({
    conversationId: z.string(),
    messageId: z.string(),
    /** The card as it is now (docs/integrations.md "Cards"). */
    card: cardSchema,
    cardVersion: z.number().int().positive(),
    /** Who replaced it: the message's sender. */
    actor: actorSchema,
  }),
});

export type MessageCardUpdatedV1 = z.output<typeof messageCardUpdatedV1.schema>;
