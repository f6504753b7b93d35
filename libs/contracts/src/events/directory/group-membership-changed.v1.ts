import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const groupMembershipChangedV1 = defineEvent({
  type: 'directory.group.membership.changed',
  version: 1,
  topic: 'directory',
  description:
    "A directory group's resolved membership changed (nested groups counted): who joined, who " +
    'left. Messaging applies it to conversations mapped to the group. A large change arrives in ' +
    'parts (`part` of `parts`, at most 1,000 ids each) so no event outgrows the broker limit; ' +
    'a group removed from the directory arrives with `groupRemoved` and everyone in `removed`.',
  schema: z.object({
    groupId: z.string(),
    name: z.string(),
    added: z.array(z.string()),
    removed: z.array(z.string()),
    /** Resolved member count after the change. */
    memberCount: z.number().int().nonnegative(),
    groupRemoved: z.boolean(),
    part: z.number().int().positive(),
    parts: z.number().int().positive(),
  }),
});

export type GroupMembershipChangedV1 = z.output<typeof groupMembershipChangedV1.schema>;
