import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const messageSentV1 = defineEvent({
  type: 'messaging.message.sent',
  version: 1,
  topic: 'messaging',
  description: 'A message was posted in a conversation (by a user, a bot or an integration).',
  schema: z.object({
    conversationId: z.string(),
    messageId: z.string(),
    /** Per-conversation sequence number: strictly increasing, no gaps. */
    seq: z.number().int().positive(),
    senderId: z.string(),
    senderKind: z.enum(['user', 'bot', 'integration', 'system']),
    kind: z.enum(['user', 'system', 'bot']),
    text: z.string(),
    threadRootId: z.string().nullable(),
    mentions: z.array(z.string()),
    clientMsgId: z.string().nullable(),
    sentAt: z.iso.datetime({ offset: true }),
  }),
});

export type MessageSentV1 = z.output<typeof messageSentV1.schema>;
