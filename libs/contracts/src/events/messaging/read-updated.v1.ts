import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const readUpdatedV1 = defineEvent({
  type: 'messaging.read.updated',
  version: 1,
  topic: 'messaging',
  description:
    "A member's read position moved forward (it never moves back): everything up to " +
    '`lastReadSeq` is read — what other devices clear badges by and read receipts show.',
  schema: z.object({
    conversationId: z.string(),
    userId: z.string(),
    lastReadSeq: z.number().int().nonnegative(),
  }),
});

export type ReadUpdatedV1 = z.output<typeof readUpdatedV1.schema>;
