import {
  kindOf,
  type ConversationRecord,
  type MemberRecord,
  type MessageDetail,
  type MessagingUser,
} from '@tidings/messaging/data-access';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A conversation as the API shows it (the direct key is an implementation detail). */
export function conversationView(c: ConversationRecord, member?: MemberRecord) {
  return {
    id: c.id,
    kind: c.kind,
    visibility: c.visibility,
    name: c.name,
    topic: c.topic,
    purpose: c.purpose,
    createdBy: c.createdBy,
    createdAt: iso(c.createdAt),
    archived: c.archivedAt !== null,
    archivedAt: iso(c.archivedAt),
    lastSeq: c.lastSeq,
    lastActivityAt: iso(c.lastActivityAt),
    memberCount: c.memberCount,
    /** What drives membership besides people: a directory group or department (or null). */
    membershipSource: c.membershipSource ?? null,
    /** The business object a widget page opened it for: `{origin, key, url}` (or null). */
    context: c.context ?? null,
    /** The caller's membership: null when they read a public channel they are not in. */
    membership: member
      ? { role: member.role, lastReadSeq: member.lastReadSeq, muted: member.muted ?? false }
      : null,
  };
}

/**
 * A message; a deleted one is a tombstone: no text, mentions, files, reactions or card, its
 * seq kept (one retention purged is one too, `purged: true`). `kind` says how to show it:
 * `user`, `bot` (bots and integrations — never a person) or `system` (a notice: `system` says
 * what happened, `text` is the fallback).
 */
export function messageView(m: MessageDetail) {
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq: m.seq,
    kind: kindOf(m),
    sender: {
      id: m.senderId,
      kind: m.senderKind,
      // A deactivated author stays visible (active: false); null: the directory never had them.
      username: m.author?.username ?? null,
      displayName: m.author?.displayName ?? null,
      active: m.author?.active ?? null,
    },
    text: m.text,
    mentions: m.mentions,
    broadcast: m.broadcast,
    fileIds: m.fileIds,
    /** The attached files (none on a tombstone); download at `url`. */
    files: (m.files ?? []).map((f) => ({
      id: f.id,
      name: f.name,
      mime: f.mime,
      size: f.size,
      width: f.width,
      height: f.height,
      thumbnailUrl: f.hasThumbnail ? `/api/v1/files/${f.id}/thumbnail` : null,
      url: `/api/v1/files/${f.id}`,
    })),
    clientMsgId: m.clientMsgId,
    createdAt: iso(m.createdAt),
    editedAt: iso(m.editedAt),
    deleted: m.deletedAt !== null,
    deletedAt: iso(m.deletedAt),
    /** Retention removed the content (docs/compliance.md): a tombstone like a deletion. */
    purged: (m.purgedAt ?? null) !== null,
    /** A reply's thread (null: top-level). */
    threadRootId: m.threadRootId ?? null,
    /** A root with replies (or one the caller follows): its thread at a glance. */
    thread: m.thread
      ? {
          replyCount: m.thread.replyCount,
          lastReplyAt: iso(m.thread.lastReplyAt),
          participants: m.thread.participants,
          following: m.thread.following,
        }
      : null,
    /** Per emoji, in order of first use: how many, and whether the caller is among them. */
    reactions: m.reactions ?? [],
    pinned: m.pinned ? { by: m.pinned.by, at: iso(m.pinned.at) } : null,
    system: m.system ?? null,
    /** The card (docs/integrations.md "Cards"); none on a tombstone. */
    card: m.deletedAt === null ? (m.card ?? null) : null,
    /** 0 without a card, 1 for the first, +1 per update: the newest version wins. */
    cardVersion: m.cardVersion ?? 0,
  };
}

export function memberView(m: MemberRecord, user: MessagingUser | undefined) {
  return {
    userId: m.userId,
    role: m.role,
    joinedAt: iso(m.joinedAt),
    username: user?.username ?? null,
    displayName: user?.displayName ?? null,
  };
}
