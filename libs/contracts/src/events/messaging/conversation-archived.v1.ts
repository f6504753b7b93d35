import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const conversationArchivedV1 = defineEvent({
  type: 'messaging.conversation.archived',
  version: 1,
  topic: 'messaging',
  description:
    'A channel was archived: its members can still read and search it; nothing can be posted ' +
    'or changed.',
  schema: z.object({
    conversationId: z.string(),
    archivedBy: z.string(),
    archivedAt: z.iso.datetime({ offset: true }),
  }),
});

export type ConversationArchivedV1 = z.output<typeof conversationArchivedV1.schema>;
