import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const userDeactivatedV1 = defineEvent({
  type: 'directory.user.deactivated',
  version: 1,
  topic: 'directory',
  description:
    'A user was deactivated (by an administrator or because the directory disabled them). ' +
    'Identity revokes their sessions; messaging removes them from active membership lists.',
  schema: z.object({
    userId: z.string(),
    username: z.string(),
    reason: z.enum(['admin', 'ldap_disabled', 'ldap_removed']),
    deactivatedAt: z.iso.datetime({ offset: true }),
  }),
});

export type UserDeactivatedV1 = z.output<typeof userDeactivatedV1.schema>;
