import { cardSchema } from '@tidings/contracts';
import {
  DEPARTMENT_MAX_DEPTH,
  departmentKey,
  MEMBER_ROLES,
  NAME_MAX,
  PURPOSE_MAX,
  TOPIC_MAX,
} from '@tidings/messaging/domain';
import { z } from 'zod';

const userId = z.string().min(1).max(64);
const text = (max: number) => z.string().max(max);

/** What POST /conversations accepts: one shape per kind. The creator is always the caller. */
export const createConversation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('direct'), userId }).strict(),
  z.object({ kind: z.literal('group'), userIds: z.array(userId).min(2).max(49) }).strict(),
  z
    .object({
      kind: z.literal('channel'),
      visibility: z.enum(['public', 'private']),
      name: z.string().trim().min(1).max(NAME_MAX),
      topic: text(TOPIC_MAX).nullable().optional(),
      purpose: text(PURPOSE_MAX).nullable().optional(),
      memberIds: z.array(userId).max(200).optional(),
    })
    .strict(),
]);

/** Absent fields stay; null (or blank) clears topic and purpose. */
export const updateConversation = z
  .object({
    name: z.string().trim().min(1).max(NAME_MAX).optional(),
    topic: text(TOPIC_MAX).nullable().optional(),
    purpose: text(PURPOSE_MAX).nullable().optional(),
  })
  .strict();

export const inviteMembers = z
  .object({
    userIds: z.array(userId).min(1).max(200),
    role: z.enum(MEMBER_ROLES).default('member'),
  })
  .strict();

export const changeRole = z.object({ role: z.enum(MEMBER_ROLES) }).strict();

/**
 * A message to send. Strict: there is no sender field to fill in — the sender is whoever the
 * token says — and an unknown field is refused rather than ignored.
 */
export const sendMessage = z
  .object({
    text: z.string(),
    clientMsgId: z.string().min(1).max(100).optional(),
    // At most 10 (MESSAGE_MAX_FILES): more is 400 messaging.file.invalid, not request.invalid.
    fileIds: z.array(z.string().min(1).max(64)).max(100).optional(),
    /** A reply: the id of the thread's root (a top-level message of this conversation). */
    threadRootId: z.string().min(1).max(64).optional(),
    /** A card (docs/integrations.md "Cards"); with one, the text may be empty. */
    card: cardSchema.optional(),
  })
  .strict();

export const editMessage = z.object({ text: z.string() }).strict();

/** A message's new card, by its sender; `ifVersion`: only if the card is still that version. */
export const updateCard = z
  .object({ card: cardSchema, ifVersion: z.number().int().min(0).optional() })
  .strict();

export const markRead = z.object({ seq: z.number().int().min(0) }).strict();
export const muteConversation = z.object({ muted: z.boolean() }).strict();

const seq = z.coerce.number().int().min(0).optional();
export const historyQuery = z
  .object({
    before: seq,
    after: seq,
    around: seq,
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine(
    (q) => [q.before, q.after, q.around].filter((v) => v !== undefined).length <= 1,
    'use at most one of before, after, around',
  );

export const listQuery = z.object({
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const threadQuery = z
  .object({
    after: seq,
    before: seq,
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine(
    (q) => q.after === undefined || q.before === undefined,
    'use at most one of before, after',
  );

export const pinsQuery = listQuery;

export const mapToGroup = z.object({ groupId: z.string().min(1).max(64) }).strict();

/** A department by id (for display) and path (what membership follows), root first. */
export const mapToDepartment = z
  .object({
    orgUnitId: z.string().min(1).max(64),
    path: z.array(z.string().min(1).max(200)).min(1).max(DEPARTMENT_MAX_DEPTH),
  })
  .strict()
  .refine((d) => departmentKey(d.path).length <= 1000, {
    message: 'the department path is too long',
    path: ['path'],
  });
