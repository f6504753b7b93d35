import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const tokenRevokedV1 = defineEvent({
  type: 'identity.token.revoked',
  version: 1,
  topic: 'identity',
  description: 'An API token was revoked; it is refused from now on.',
  schema: z.object({
    tokenId: z.string(),
    subjectId: z.string(),
    revokedBy: z.string(),
  }),
});
