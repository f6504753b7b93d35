import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const loginSucceededV1 = defineEvent({
  type: 'identity.login.succeeded',
  version: 1,
  topic: 'identity',
  description: 'Someone signed in at the built-in issuer (local password or LDAP bind).',
  schema: z.object({
    userId: z.string(),
    username: z.string(),
    method: z.enum(['password', 'ldap']),
    clientId: z.string().nullable(),
    ip: z.string().nullable(),
    at: z.iso.datetime({ offset: true }),
  }),
});
