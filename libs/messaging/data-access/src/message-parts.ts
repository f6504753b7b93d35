import type { Card } from '@tidings/contracts';
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
  purged_ms?: unknown;
  thread_root_id?: string | null;
  reply_count?: unknown;
  last_reply_ms?: unknown;
  system_type?: string | null;
  system_data?: string | null;
  card?: string | null;
  card_version?: unknown;
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

/** A stored card (JSON text, checked against the card schema when it was written). */
function cardOf(row: MessageRow): Card | null {
  return row.card ? (JSON.parse(row.card) as Card) : null;
}

/** A card as the `card` column stores it. */
export function cardText(card: Card | null | undefined): string | null {
  return card ? JSON.stringify(card) : null;
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
    purgedAt: intOrNull(row.purged_ms),
    threadRootId: row.thread_root_id ?? null,
    replyCount: int(row.reply_count ?? 0),
    lastReplyAt: intOrNull(row.last_reply_ms),
    system: systemOf(row),
    card: cardOf(row),
    cardVersion: int(row.card_version ?? 0),
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
  const roots = rows.filter((r) => !r.thread_root_id && !r.system_type).map((r) => r.id);
  const isRoot = new Set(roots);
  const { mentions, files, reactions, participants, follows } = await readParts(
    sql,
    ids,
    roots,
    viewerId,
  );
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

/** One row of readParts' single read: which part it is, then that part's columns as text (named by the first branch). */
interface PartRow {
  part: 'm' | 'f' | 'r' | 'p' | 'w';
  c1: string;
  c2: string | null;
  c3: string | null;
  c4: string | null;
  c5: string | null;
  c6: string | null;
  c7: string | null;
  c8: string | null;
  c9: string | null;
  c10: string | null;
}

/**
 * What hangs off a page of messages — mentions, attachments (with each file's metadata),
 * reactions, thread participants and the viewer's follows — in ONE statement, a UNION ALL of
 * five reads. On PostgreSQL five reads in parallel cost more than the page itself: five round
 * trips' worth of CPU on both sides and five pool connections per page. Every column is text
 * (the branches must agree on types); each part is put in order here.
 */
async function readParts(
  sql: Sql,
  ids: readonly string[],
  roots: readonly string[],
  viewerId: string | undefined,
) {
  const text = (column: string) => `CAST(${column} AS VARCHAR(255))`;
  const list = Sql.list(ids.length);
  const rootList = Sql.list(roots.length);
  const viewer = viewerId ?? '';
  const nulls = (n: number) => Array.from({ length: n }, () => 'NULL').join(', ');
  const branches = [
    `SELECT 'm' AS part, message_id AS c1, user_id AS c2,
       ${[3, 4, 5, 6, 7, 8, 9, 10].map((n) => `NULL AS c${n}`).join(', ')}
     FROM messaging_message_mentions WHERE message_id IN (${list})`,
    // LEFT JOIN: an id stored before files were validated may name no file; it is listed in
    // fileIds and left out of files.
    `SELECT 'f', mf.message_id, mf.file_id, f.id, f.name, f.mime, ${text('f.size')},
       ${text('f.width')}, ${text('f.height')}, f.thumbnail_key, ${text('mf.position')}
     FROM messaging_message_files mf LEFT JOIN messaging_files f ON f.id = mf.file_id
     WHERE mf.message_id IN (${list})`,
    `SELECT 'r', message_id, emoji, ${text('COUNT(*)')}, ${text('MIN(created_ms)')},
       ${text('SUM(CASE WHEN user_id = ? THEN 1 ELSE 0 END)')}, ${nulls(5)}
     FROM messaging_reactions WHERE message_id IN (${list}) GROUP BY message_id, emoji`,
  ];
  const params: unknown[] = [...ids, ...ids, viewer, ...ids];
  if (roots.length > 0) {
    branches.push(
      `SELECT 'p', root_id, user_id, ${text('n')}, ${nulls(7)} FROM (
         SELECT root_id, user_id, ROW_NUMBER() OVER (
           PARTITION BY root_id ORDER BY first_reply_seq, user_id) AS n
         FROM messaging_thread_participants WHERE root_id IN (${rootList})) p
       WHERE n <= ?`,
    );
    params.push(...roots, THREAD_PARTICIPANTS_SHOWN);
    if (viewerId !== undefined) {
      branches.push(
        `SELECT 'w', root_id, CASE WHEN following THEN '1' ELSE '0' END, ${nulls(8)} FROM messaging_thread_follows
         WHERE user_id = ? AND root_id IN (${rootList})`,
      );
      params.push(viewer, ...roots);
    }
  }
  const rows = await sql.rows<PartRow>(branches.join('\nUNION ALL\n'), params);
  const of = (part: PartRow['part']) => rows.filter((r) => r.part === part);
  const num = (value: string | null) => Number(value ?? 0);
  const byText = (a: string | null, b: string | null) =>
    (a ?? '') < (b ?? '') ? -1 : a === b ? 0 : 1;
  return {
    mentions: of('m')
      .sort((a, b) => byText(a.c2, b.c2))
      .map((r) => ({ message_id: r.c1, user_id: r.c2 as string })),
    files: of('f')
      .sort((a, b) => byText(a.c1, b.c1) || num(a.c10) - num(b.c10))
      .map((r) => ({
        message_id: r.c1,
        file_id: r.c2 as string,
        f_id: r.c3,
        f_name: r.c4,
        f_mime: r.c5,
        f_size: r.c6,
        f_width: r.c7,
        f_height: r.c8,
        f_thumb: r.c9,
      })),
    reactions: of('r')
      .sort((a, b) => num(a.c4) - num(b.c4) || byText(a.c2, b.c2))
      .map((r) => ({ message_id: r.c1, emoji: r.c2 as string, n: r.c3, mine: r.c5 })),
    participants: of('p')
      .sort((a, b) => byText(a.c1, b.c1) || num(a.c3) - num(b.c3))
      .map((r) => ({ root_id: r.c1, user_id: r.c2 as string })),
    follows: of('w').map((r) => ({ root_id: r.c1, following: r.c2 })),
  };
}
