import { z } from 'zod';
import { defineEvent } from '../../define-event';
import { userProfileSchema } from './user-profile';

export const userUpdatedV1 = defineEvent({
  type: 'directory.user.updated',
  version: 1,
  topic: 'directory',
  description:
    "A person's profile changed — renamed, moved to another department, new title or e-mail. " +
    '`changed` names the fields; the rest of the event is the profile as it is now.',
  schema: userProfileSchema.extend({ changed: z.array(z.string()) }),
});
