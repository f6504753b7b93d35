import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const messageDeletedV1 = defineEvent({
  type: 'messaging.message.deleted',
  version: 1,
  topic: 'messaging',
  description:
    'A message was deleted: its text, edit history, mentions and attachments are gone, a ' +
    'tombstone keeps its place (`seq`). `fileIds` are the attachments it no longer holds.',
  schema: z.object({
    conversationId: z.string(),
    messageId: z.string(),
    seq: z.number().int().positive(),
    senderId: z.string(),
    deletedBy: z.string(),
    fileIds: z.array(z.string()),
    deletedAt: z.iso.datetime({ offset: true }),
  }),
});

export type MessageDeletedV1 = z.output<typeof messageDeletedV1.schema>;
