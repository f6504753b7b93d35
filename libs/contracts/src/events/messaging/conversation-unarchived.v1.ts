import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const conversationUnarchivedV1 = defineEvent({
  type: 'messaging.conversation.unarchived',
  version: 1,
  topic: 'messaging',
  description:
    'An archived channel was reopened by its owners, admins or a moderator: its members can ' +
    'post and change it again. The same transaction posted the system message ' +
    '(`conversation.unarchived`) that shows it in history.',
  schema: z.object({
    conversationId: z.string(),
    unarchivedBy: z.string(),
    unarchivedAt: z.iso.datetime({ offset: true }),
  }),
});

export type ConversationUnarchivedV1 = z.output<typeof conversationUnarchivedV1.schema>;
