import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const messagePurgedV1 = defineEvent({
  type: 'messaging.message.purged',
  version: 1,
  topic: 'messaging',
  description:
    "A retention policy removed a message's content: its text, edit history, mentions, card " +
    'and attachment references are gone; a tombstone keeps its place (`seq`), sender and times. ' +
    'Clients drop the text as for a deletion. `policyId` names the retention policy that applied.',
  schema: z.object({
    conversationId: z.string(),
    messageId: z.string(),
    seq: z.number().int().positive(),
    purgedAt: z.iso.datetime({ offset: true }),
    reason: z.literal('retention'),
    policyId: z.string(),
  }),
});

export type MessagePurgedV1 = z.output<typeof messagePurgedV1.schema>;
