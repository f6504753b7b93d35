import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const reactionAddedV1 = defineEvent({
  type: 'messaging.reaction.added',
  version: 1,
  topic: 'messaging',
  description:
    'Someone reacted to a message with an emoji. Once per (message, person, emoji): reacting ' +
    'again with the same emoji changes nothing and publishes nothing.',
  schema: z.object({
    conversationId: z.string(),
    messageId: z.string(),
    /** The message's seq, so a client can place the change without fetching the message. */
    seq: z.number().int().positive(),
    userId: z.string(),
    /** One Unicode (RGI) emoji, fully qualified (❤️, not ❤). */
    emoji: z.string(),
    reactedAt: z.iso.datetime({ offset: true }),
  }),
});

export type ReactionAddedV1 = z.output<typeof reactionAddedV1.schema>;
