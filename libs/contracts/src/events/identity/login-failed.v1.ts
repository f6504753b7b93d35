import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const loginFailedV1 = defineEvent({
  type: 'identity.login.failed',
  version: 1,
  topic: 'identity',
  description:
    'A sign-in at the built-in issuer failed. Never carries the password tried; `username` is what was typed.',
  schema: z.object({
    username: z.string(),
    reason: z.enum(['unknown_user', 'bad_password', 'locked', 'disabled']),
    /** True when this failure locked the account. */
    lockedNow: z.boolean(),
    ip: z.string().nullable(),
    at: z.iso.datetime({ offset: true }),
  }),
});
