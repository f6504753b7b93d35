import { defineEvent } from '../../define-event';
import { userProfileSchema } from './user-profile';

export const userCreatedV1 = defineEvent({
  type: 'directory.user.created',
  version: 1,
  topic: 'directory',
  description: 'A person was added to the directory (by an LDAP sync or an administrator).',
  schema: userProfileSchema,
});
