import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const messageUnpinnedV1 = defineEvent({
  type: 'messaging.message.unpinned',
  version: 1,
  topic: 'messaging',
  description:
    'A pinned message was unpinned. (Deleting a pinned message unpins it without this event: ' +
    '`messaging.message.deleted` says it.)',
  schema: z.object({
    conversationId: z.string(),
    messageId: z.string(),
    seq: z.number().int().positive(),
    unpinnedBy: z.string(),
    unpinnedAt: z.iso.datetime({ offset: true }),
  }),
});

export type MessageUnpinnedV1 = z.output<typeof messageUnpinnedV1.schema>;
