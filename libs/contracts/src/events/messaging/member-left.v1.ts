import { z } from 'zod';
import { defineEvent } from '../../define-event';
import { memberRoleSchema } from './member-role';

export const memberLeftV1 = defineEvent({
  type: 'messaging.member.left',
  version: 1,
  topic: 'messaging',
  description:
    'Someone is no longer an active member: left, was removed, or their account was ' +
    'deactivated (`reason`; they come back on reactivation), or they left the directory group or ' +
    'department the channel follows (`directory`). `role` is the role they had.',
  schema: z.object({
    conversationId: z.string(),
    userId: z.string(),
    role: memberRoleSchema,
    reason: z.enum(['left', 'removed', 'deactivated', 'directory']),
    by: z.string(),
  }),
});

export type MemberLeftV1 = z.output<typeof memberLeftV1.schema>;
