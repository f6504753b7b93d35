import { z } from 'zod';
import { cardSchema } from '../../cards/card';
import { defineEvent } from '../../define-event';

export const messageSentV1 = defineEvent({
  type: 'messaging.message.sent',
  version: 1,
  topic: 'messaging',
  description:
    'A message was posted in a conversation (by a user, a bot or an integration), or a system ' +
    'message recorded a change (`kind: system`: joins, leaves, renames, topic, archive, unarchive, call summaries). A reply ' +
    "names its thread's root in `threadRootId`.",
  schema: z.object({
    conversationId: z.string(),
    messageId: z.string(),
    /** Per-conversation sequence number: strictly increasing, no gaps. */
    seq: z.number().int().positive(),
    senderId: z.string(),
    senderKind: z.enum(['user', 'bot', 'integration', 'system']),
    kind: z.enum(['user', 'system', 'bot']),
    text: z.string(),
    threadRootId: z.string().nullable(),
    mentions: z.array(z.string()),
    clientMsgId: z.string().nullable(),
    sentAt: z.iso.datetime({ offset: true }),
    /** Files attached by id (added compatibly: older events lack it). */
    fileIds: z.array(z.string()).optional(),
    /** `@all`, `@channel` or `@here` when the text used one (absent: none). */
    broadcast: z.enum(['all', 'channel', 'here']).optional(),
    /**
     * `kind: system` only: what happened, for clients to say in their own words (`text` is an
     * English fallback). The sender is whoever caused it. Added compatibly.
     */
    system: z
      .object({
        type: z.enum([
          'member.joined',
          'member.left',
          'members.added',
          'members.removed',
          'conversation.renamed',
          'conversation.topic_changed',
          'conversation.purpose_changed',
          'conversation.archived',
          'conversation.unarchived',
          'call.ended',
          'call.missed',
        ]),
        /** members.added / members.removed: who. */
        userIds: z.array(z.string()).optional(),
        /** Membership the directory brought in line: the group or department it follows. */
        via: z.object({ kind: z.enum(['group', 'department']), name: z.string() }).optional(),
        /** conversation.renamed */
        name: z.string().optional(),
        previousName: z.string().nullable().optional(),
        /** conversation.topic_changed / purpose_changed (null: cleared) */
        topic: z.string().nullable().optional(),
        purpose: z.string().nullable().optional(),
        /** call.ended / call.missed (docs/calls.md): the call's summary. Added compatibly. */
        callId: z.string().optional(),
        media: z.enum(['audio', 'video']).optional(),
        outcome: z.enum(['completed', 'missed', 'cancelled', 'declined', 'busy']).optional(),
        durationMs: z.number().int().min(0).optional(),
        /** Everyone who joined the call at some point. */
        participantIds: z.array(z.string()).optional(),
      })
      .optional(),
    /** The card the message carries (docs/integrations.md "Cards"); absent: none. Added compatibly. */
    card: cardSchema.optional(),
    /** 1 with a card (later versions come as `messaging.message.card_updated`); absent: none. */
    cardVersion: z.number().int().positive().optional(),
  }),
});

export type MessageSentV1 = z.output<typeof messageSentV1.schema>;
