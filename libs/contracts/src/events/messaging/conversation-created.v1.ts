import { z } from 'zod';
import { defineEvent } from '../../define-event';
import { memberRoleSchema } from './member-role';

export const conversationCreatedV1 = defineEvent({
  type: 'messaging.conversation.created',
  version: 1,
  topic: 'messaging',
  description:
    'A direct, group or channel conversation was created, with its first members (no separate ' +
    '`member.joined` for them).',
  schema: z.object({
    conversationId: z.string(),
    kind: z.enum(['direct', 'group', 'channel']),
    visibility: z.enum(['public', 'private']),
    name: z.string().nullable(),
    topic: z.string().nullable(),
    purpose: z.string().nullable(),
    createdBy: z.string(),
    members: z.array(z.object({ userId: z.string(), role: memberRoleSchema })),
    createdAt: z.iso.datetime({ offset: true }),
  }),
});

export type ConversationCreatedV1 = z.output<typeof conversationCreatedV1.schema>;
