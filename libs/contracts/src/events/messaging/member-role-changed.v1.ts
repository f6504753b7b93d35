import { z } from 'zod';
import { defineEvent } from '../../define-event';
import { memberRoleSchema } from './member-role';

export const memberRoleChangedV1 = defineEvent({
  type: 'messaging.member.role_changed',
  version: 1,
  topic: 'messaging',
  description:
    "A channel owner changed a member's role (making another owner hands a channel over).",
  schema: z.object({
    conversationId: z.string(),
    userId: z.string(),
    role: memberRoleSchema,
    previousRole: memberRoleSchema,
    by: z.string(),
  }),
});

export type MemberRoleChangedV1 = z.output<typeof memberRoleChangedV1.schema>;
