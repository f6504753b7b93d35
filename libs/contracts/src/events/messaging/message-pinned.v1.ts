import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const messagePinnedV1 = defineEvent({
  type: 'messaging.message.pinned',
  version: 1,
  topic: 'messaging',
  description:
    "A message was pinned to its conversation (any member in direct and group conversations, a channel's owners and admins in channels).",
  schema: z.object({
    conversationId: z.string(),
    messageId: z.string(),
    seq: z.number().int().positive(),
    pinnedBy: z.string(),
    pinnedAt: z.iso.datetime({ offset: true }),
  }),
});

export type MessagePinnedV1 = z.output<typeof messagePinnedV1.schema>;
