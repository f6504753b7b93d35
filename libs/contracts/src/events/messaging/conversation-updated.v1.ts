import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const conversationUpdatedV1 = defineEvent({
  type: 'messaging.conversation.updated',
  version: 1,
  topic: 'messaging',
  description:
    "A channel's name, topic or purpose changed, or what its membership follows (a directory " +
    'group, a department). `changed` names the fields; the rest is the channel as it is now.',
  schema: z.object({
    conversationId: z.string(),
    name: z.string().nullable(),
    topic: z.string().nullable(),
    purpose: z.string().nullable(),
    changed: z.array(z.enum(['name', 'topic', 'purpose', 'membershipSource'])),
    updatedBy: z.string(),
    /**
     * What drives the channel's membership now (null: people). Added compatibly; present when
     * `changed` has `membershipSource`.
     */
    membershipSource: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('group'), groupId: z.string() }),
        z.object({
          kind: z.literal('department'),
          orgUnitId: z.string(),
          path: z.array(z.string()),
        }),
      ])
      .nullable()
      .optional(),
  }),
});

export type ConversationUpdatedV1 = z.output<typeof conversationUpdatedV1.schema>;
