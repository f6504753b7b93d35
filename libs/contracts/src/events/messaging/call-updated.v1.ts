import { z } from 'zod';
import { defineEvent } from '../../define-event';

const instant = z.iso.datetime({ offset: true });

/** One person's part in a call (docs/calls.md, "Call state"). */
export const callParticipantSchema = z.object({
  userId: z.string(),
  status: z.enum(['joined', 'ringing', 'declined', 'busy', 'missed', 'left']),
  /** When they last joined (null: never did). */
  joinedAt: instant.nullable(),
  /** When they last left (null: still in, or never joined). */
  leftAt: instant.nullable(),
});

/** The call as REST answers it and as this event carries it (docs/calls.md, "The call view"). */
export const callViewSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  media: z.enum(['audio', 'video']),
  state: z.enum(['ringing', 'active', 'ended']),
  outcome: z.enum(['completed', 'missed', 'cancelled', 'declined', 'busy']).nullable(),
  startedBy: z.string(),
  startedAt: instant,
  /** When a second participant joined (null: nobody answered yet, or ever). */
  connectedAt: instant.nullable(),
  endedAt: instant.nullable(),
  /** endedAt − connectedAt for a completed call; else 0. */
  durationMs: z.number().int().min(0),
  participants: z.array(callParticipantSchema),
});

export const callUpdatedV1 = defineEvent({
  type: 'messaging.call.updated',
  version: 1,
  topic: 'messaging',
  description:
    'A voice or video call of a conversation changed (docs/calls.md): started, accepted, ' +
    'declined, busy, cancelled, left, missed (a callee’s ring timed out) or ended. `call` is ' +
    'the call right after the change; `userId` whose act it was (the caller for `started`, the ' +
    'timing-out callee for `missed`, whoever’s act ended it for `ended` — the caller when the ' +
    'ring timed out). One event per change; every call ends with exactly one `ended`, its ' +
    'last event (`call.state: ended`, `outcome`, `durationMs`). Nothing about media (SDP, ' +
    'addresses) is in it.',
  schema: z.object({
    conversationId: z.string(),
    call: callViewSchema,
    change: z.enum([
      'started',
      'accepted',
      'declined',
      'busy',
      'cancelled',
      'left',
      'missed',
      'ended',
    ]),
    userId: z.string(),
  }),
});

export type CallUpdatedV1 = z.output<typeof callUpdatedV1.schema>;
export type CallView = z.output<typeof callViewSchema>;
export type CallParticipantView = z.output<typeof callParticipantSchema>;
