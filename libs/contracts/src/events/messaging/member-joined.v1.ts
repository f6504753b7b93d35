import { z } from 'zod';
import { defineEvent } from '../../define-event';
import { memberRoleSchema } from './member-role';

export const memberJoinedV1 = defineEvent({
  type: 'messaging.member.joined',
  version: 1,
  topic: 'messaging',
  description:
    'Someone became an active member of a channel: joined a public one, was invited, or came ' +
    'back with their reactivated account, or the directory group or department the channel ' +
    'follows brought them in (`reason`). `by` is who did it.',
  schema: z.object({
    conversationId: z.string(),
    userId: z.string(),
    role: memberRoleSchema,
    reason: z.enum(['joined', 'invited', 'reactivated', 'directory']),
    by: z.string(),
  }),
});

export type MemberJoinedV1 = z.output<typeof memberJoinedV1.schema>;
