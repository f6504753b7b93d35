import {
  THREAD_PARTICIPANTS_SHOWN,
  type BroadcastMention,
  type SystemMessage,
  type SystemMessageType,
} from '@tidings/messaging/domain';
import type {
  AttachedFile,
  MessageDetail,
  MessageRecord,
  ReactionCount,
  SenderKind,
} from './records';
import { int, intOrNull, Sql } from './sql';

export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: unknown;
  sender_id: string;
  sender_kind: string;
  client_msg_id: string | null;
  text: string;
  broadcast: string | null;
  created_ms: unknown;
  edited_ms: unknown;
  deleted_ms: unknown;
  deleted_by: string | null;
  thread_root_id?: string | null;
  reply_count?: unknown;
  last_reply_ms?: unknown;
  system_type?: string | null;
  system_data?: string | null;
}

export type DetailRow = MessageRow & {
  u_username: string | null;
  u_display_name: string | null;
  u_active: unknown;
  p_by: string | null;
  p_ms: unknown;
};

function systemOf(row: MessageRow): SystemMessage | null {
  if (!row.system_type) return null;
  const data = row.system_data ? (JSON.parse(row.system_data) as Record<string, unknown>) : {};
  return { ...data, type: row.system_type as SystemMessageType } as SystemMessage;
}

/** What a system message stores beside its type (the type has its own column). */
export function systemData(system: SystemMessage | null | undefined): string | null {
  if (!system) return null;
  const data: Record<string, unknown> = { ...system };
  delete data['type'];
  return JSON.stringify(data);
}

export function toMessage(row: MessageRow): MessageRecord {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: int(row.seq),
    senderId: row.sender_id,
    senderKind: row.sender_kind as SenderKind,
    clientMsgId: row.client_msg_id,
    text: row.text,
    broadcast: row.broadcast as BroadcastMention | null,
    createdAt: int(row.created_ms),
    editedAt: intOrNull(row.edited_ms),
    deletedAt: intOrNull(row.deleted_ms),
    deletedBy: row.deleted_by,
    threadRootId: row.thread_root_id ?? null,
    replyCount: int(row.reply_count ?? 0),
    lastReplyAt: intOrNull(row.last_reply_ms),
    system: systemOf(row),
  };
}

/** A message with its author (users projection) and pin, one row each. */
export const DETAIL = `SELECT msg.*, u.username AS u_username, u.display_name AS u_display_name,
    u.active AS u_active, p.pinned_by AS p_by, p.pinned_ms AS p_ms
  FROM messaging_messages msg LEFT JOIN messaging_users u ON u.id = msg.sender_id
  LEFT JOIN messaging_pins p ON p.message_id = msg.id`;

const truthy = (value: unknown) => value === true || value === 1 || value === '1';

/**
 * Mentions, attachments, reactions and thread state of a page in a handful of reads, whatever
 * its size. `viewerId` decides "reacted by me" and "following" (none: both false).
 */
export async function withParts(
  sql: Sql,
  rows: DetailRow[],
  viewerId?: string,
): Promise<MessageDetail[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const list = Sql.list(ids.length);
  const roots = rows.filter((r) => !r.thread_root_id && !r.system_type).map((r) => r.id);
  const isRoot = new Set(roots);
  const rootList = Sql.list(roots.length);
  const viewer = viewerId ?? '';
  const [mentions, files, reactions, participants, follows] = await Promise.all([
    sql.rows<{ message_id: string; user_id: string }>(
      `SELECT message_id, user_id FROM messaging_message_mentions WHERE message_id IN (${list}) ORDER BY user_id`,
      ids,
    ),
    // With each file's metadata in the same read (LEFT JOIN: an id stored before files were
    // validated may name no file; it is listed in fileIds and left out of files).
    sql.rows<{
      message_id: string;
      file_id: string;
      f_id: string | null;
      f_name: string | null;
      f_mime: string | null;
      f_size: unknown;
      f_width: unknown;
      f_height: unknown;
      f_thumb: string | null;
    }>(
      `SELECT mf.message_id, mf.file_id, f.id AS f_id, f.name AS f_name, f.mime AS f_mime,
         f.size AS f_size, f.width AS f_width, f.height AS f_height, f.thumbnail_key AS f_thumb
       FROM messaging_message_files mf LEFT JOIN messaging_files f ON f.id = mf.file_id
       WHERE mf.message_id IN (${list}) ORDER BY mf.message_id, mf.position`,
      ids,
    ),
    sql.rows<{ message_id: string; emoji: string; n: unknown; mine: unknown; first: unknown }>(
      `SELECT message_id, emoji, COUNT(*) AS n, MIN(created_ms) AS first,
         SUM(CASE WHEN user_id = ? THEN 1 ELSE 0 END) AS mine
       FROM messaging_reactions WHERE message_id IN (${list})
       GROUP BY message_id, emoji ORDER BY first, emoji`,
      [viewer, ...ids],
    ),
    roots.length === 0
      ? Promise.resolve([])
      : sql.rows<{ root_id: string; user_id: string }>(
          `SELECT root_id, user_id FROM (
             SELECT root_id, user_id, ROW_NUMBER() OVER (
               PARTITION BY root_id ORDER BY first_reply_ms, user_id) AS n
             FROM messaging_thread_participants WHERE root_id IN (${rootList})) p
           WHERE n <= ? ORDER BY root_id, n`,
          [...roots, THREAD_PARTICIPANTS_SHOWN],
        ),
    roots.length === 0 || viewerId === undefined
      ? Promise.resolve([])
      : sql.rows<{ root_id: string; following: unknown }>(
          `SELECT root_id, following FROM messaging_thread_follows
           WHERE user_id = ? AND root_id IN (${rootList})`,
          [viewer, ...roots],
        ),
  ]);
  const group = <T, V>(items: T[], key: (t: T) => string, value: (t: T) => V) => {
    const map = new Map<string, V[]>();
    for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), value(item)]);
    return map;
  };
  const mentionsOf = group(
    mentions,
    (m) => m.message_id,
    (m) => m.user_id,
  );
  const filesOf = group(
    files,
    (f) => f.message_id,
    (f) => f.file_id,
  );
  const attachedOf = group(
    files.filter((f) => f.f_id !== null),
    (f) => f.message_id,
    (f): AttachedFile => ({
      id: f.file_id,
      name: f.f_name ?? '',
      mime: f.f_mime ?? 'application/octet-stream',
      size: int(f.f_size),
      width: intOrNull(f.f_width),
      height: intOrNull(f.f_height),
      hasThumbnail: f.f_thumb !== null,
    }),
  );
  const reactionsOf = group(
    reactions,
    (r) => r.message_id,
    (r): ReactionCount => ({ emoji: r.emoji, count: int(r.n), me: int(r.mine ?? 0) > 0 }),
  );
  const participantsOf = group(
    participants,
    (p) => p.root_id,
    (p) => p.user_id,
  );
  const followingOf = new Map(follows.map((f) => [f.root_id, truthy(f.following)]));
  return rows.map((row) => {
    const message = toMessage(row);
    const following = followingOf.get(row.id) ?? false;
    return {
      ...message,
      mentions: mentionsOf.get(row.id) ?? [],
      fileIds: filesOf.get(row.id) ?? [],
      files: attachedOf.get(row.id) ?? [],
      author:
        row.u_username === null || row.u_username === undefined
          ? null
          : {
              username: row.u_username,
              displayName: row.u_display_name ?? row.u_username,
              active: truthy(row.u_active),
            },
      reactions: reactionsOf.get(row.id) ?? [],
      thread:
        isRoot.has(row.id) && ((message.replyCount ?? 0) > 0 || following)
          ? {
              replyCount: message.replyCount ?? 0,
              lastReplyAt: message.lastReplyAt ?? null,
              participants: participantsOf.get(row.id) ?? [],
              following,
            }
          : null,
      pinned: row.p_by ? { by: row.p_by, at: int(row.p_ms) } : null,
    };
  });
}
