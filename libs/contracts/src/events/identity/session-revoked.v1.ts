import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const sessionRevokedV1 = defineEvent({
  type: 'identity.session.revoked',
  version: 1,
  topic: 'identity',
  description:
    'Every session of a user was revoked (log out everywhere, or deactivation): tokens issued before ' +
    'carry an older session version and are refused; the gateway closes their WebSockets.',
  schema: z.object({
    userId: z.string(),
    sessionVersion: z.number().int().nonnegative(),
    reason: z.enum(['logout_everywhere', 'deactivated', 'admin']),
  }),
});
