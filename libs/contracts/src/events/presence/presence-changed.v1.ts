import { z } from 'zod';
import { defineEvent } from '../../define-event';

const instant = z.iso.datetime({ offset: true });

export const presenceChangedV1 = defineEvent({
  type: 'presence.changed',
  version: 1,
  topic: 'presence',
  description:
    "A user's aggregate presence changed: state (online / away / dnd / offline over all their " +
    'devices), DND, custom status or last-seen time. Not published for a device flap that ' +
    'leaves the aggregate as it was. Carries the whole new view, so a consumer needs no earlier ' +
    'event; deliver it only to `PresenceAudience.recipientsOf(userId)`.',
  schema: z.object({
    userId: z.string(),
    state: z.enum(['online', 'away', 'dnd', 'offline']),
    /** When the user's last device went away; null: never seen. */
    lastSeenAt: instant.nullable(),
    /** Set while DND is in force; `until` null: until turned off. */
    dnd: z.object({ until: instant.nullable() }).nullable(),
    status: z
      .object({
        text: z.string().max(400),
        emoji: z.string().nullable(),
        expiresAt: instant.nullable(),
      })
      .nullable(),
  }),
});

export type PresenceChangedV1 = z.output<typeof presenceChangedV1.schema>;
