import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const orgUnitCreatedV1 = defineEvent({
  type: 'directory.orgunit.created',
  version: 1,
  topic: 'directory',
  description:
    'A department appeared in the tree (a sync met a new OU, or an administrator added one). ' +
    '`path` is the names from the root down, this department last.',
  schema: z.object({
    orgUnitId: z.string(),
    parentId: z.string().nullable(),
    name: z.string(),
    path: z.array(z.string()),
  }),
});

export type OrgUnitCreatedV1 = z.output<typeof orgUnitCreatedV1.schema>;
