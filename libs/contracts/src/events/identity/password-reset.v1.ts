import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const passwordResetV1 = defineEvent({
  type: 'identity.password.reset',
  version: 1,
  topic: 'identity',
  description:
    "An administrator set a local account's sign-in password at the built-in issuer: a new " +
    'account (`created`), or a reset that also signed the person out everywhere. Never carries ' +
    'the password.',
  schema: z.object({
    /** The built-in issuer's account id (the `sub` of its tokens). */
    accountId: z.string(),
    username: z.string(),
    /** True when the account was made by this call (it had none). */
    created: z.boolean(),
    /** True when the server generated the password (shown once to the administrator). */
    generated: z.boolean(),
    /** Identity subjects whose sessions the reset revoked (empty for a new account). */
    revokedUserIds: z.array(z.string()),
  }),
});
