import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const reactionRemovedV1 = defineEvent({
  type: 'messaging.reaction.removed',
  version: 1,
  topic: 'messaging',
  description:
    'Someone took their emoji reaction back. (Reactions of a deleted message go with it: see ' +
    '`messaging.message.deleted`.)',
  schema: z.object({
    conversationId: z.string(),
    messageId: z.string(),
    seq: z.number().int().positive(),
    userId: z.string(),
    emoji: z.string(),
    removedAt: z.iso.datetime({ offset: true }),
  }),
});

export type ReactionRemovedV1 = z.output<typeof reactionRemovedV1.schema>;
