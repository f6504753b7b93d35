import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const messageEditedV1 = defineEvent({
  type: 'messaging.message.edited',
  version: 1,
  topic: 'messaging',
  description:
    'Its author changed a message. `text` and the mentions are the new ones; the previous text ' +
    'is kept in the edit history (not in the event).',
  schema: z.object({
    conversationId: z.string(),
    messageId: z.string(),
    seq: z.number().int().positive(),
    editorId: z.string(),
    text: z.string(),
    mentions: z.array(z.string()),
    broadcast: z.enum(['all', 'channel', 'here']).nullable(),
    editedAt: z.iso.datetime({ offset: true }),
  }),
});

export type MessageEditedV1 = z.output<typeof messageEditedV1.schema>;
