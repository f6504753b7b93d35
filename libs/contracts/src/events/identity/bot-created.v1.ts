import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const botCreatedV1 = defineEvent({
  type: 'identity.bot.created',
  version: 1,
  topic: 'identity',
  description:
    'An administrator created a bot user (POST /api/v1/bots). Messaging records it so the ' +
    "bot's messages show its display name and people can add it to conversations. Keyed by " +
    'the bot id.',
  schema: z.object({
    botId: z.string(),
    /** Unique among bots; bots are never matched to people by it. */
    username: z.string(),
    displayName: z.string().nullable(),
    createdBy: z.string(),
  }),
});

export type BotCreatedV1 = z.output<typeof botCreatedV1.schema>;
