import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const orgUnitRemovedV1 = defineEvent({
  type: 'directory.orgunit.removed',
  version: 1,
  topic: 'directory',
  description:
    'A department left the tree: it has no sub-departments and nobody — active or deactivated — ' +
    'belongs to it any more (an OU renamed or moved in the directory leaves its old place this way).',
  schema: z.object({
    orgUnitId: z.string(),
    path: z.array(z.string()),
  }),
});

export type OrgUnitRemovedV1 = z.output<typeof orgUnitRemovedV1.schema>;
