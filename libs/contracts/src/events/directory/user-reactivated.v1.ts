import { defineEvent } from '../../define-event';
import { userProfileSchema } from './user-profile';

export const userReactivatedV1 = defineEvent({
  type: 'directory.user.reactivated',
  version: 1,
  topic: 'directory',
  description:
    'A deactivated person is active again (re-enabled in the directory, or by an administrator).',
  schema: userProfileSchema,
});
