import type { Card } from '@tidings/contracts';
import type { ConversationKind } from '@tidings/messaging/domain';
import type { Author, SenderKind } from '../records';
import { int, intOrNull, Sql, type Db } from '../sql';

/** Where a page of results ends: the last hit's time and id (newest first). */
export interface SearchCursor {
  createdAt: number;
  id: string;
}

/** A search, resolved: every part narrows the results (AND); values within a part are OR. */
export interface SearchCriteria {
  /** Who reads: only messages of conversations they may read are ever considered. */
  readerId: string;
  /** Case-insensitive substrings that must all occur in the text. */
  terms: readonly string[];
  /** Senders' usernames, lower-cased. */
  senders: readonly string[];
  /** Conversation ids, or channel names (case-insensitive). */
  conversations: readonly string[];
  hasFile: boolean;
  /** created_ms ≥ sinceMs, created_ms < untilMs. */
  sinceMs: number | null;
  untilMs: number | null;
  after?: SearchCursor;
  limit: number;
}

export interface SearchHitRecord {
  messageId: string;
  conversationId: string;
  conversationKind: ConversationKind;
  /** Channels only. */
  conversationName: string | null;
  seq: number;
  senderId: string;
  senderKind: SenderKind;
  author: Author | null;
  text: string;
  createdAt: number;
  editedAt: number | null;
  /** The card the message carries (null: none), as history shows it. */
  card: Card | null;
  cardVersion: number;
}

export interface SearchRepository {
  /** Newest first, at most `limit` hits after `after`. */
  find(criteria: SearchCriteria): Promise<SearchHitRecord[]>;
}

/** SQLite's trigram index needs three characters; shorter words are matched with LIKE. */
export const TRIGRAM_MIN_CHARS = 3;

interface HitRow {
  id: string;
  conversation_id: string;
  seq: unknown;
  sender_id: string;
  sender_kind: string;
  text: string;
  created_ms: unknown;
  edited_ms: unknown;
  card: string | null;
  card_version: unknown;
  c_kind: string;
  c_name: string | null;
  u_username: string | null;
  u_display_name: string | null;
  u_active: unknown;
}

/** `%`, `_` and the escape character itself are literal in what people search for. */
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** An FTS5 phrase: the trigram tokenizer turns it into consecutive trigrams, a substring. */
const ftsPhrase = (term: string) => `"${term.replace(/"/g, '""')}"`;

export class SqlSearchRepository implements SearchRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async find(c: SearchCriteria): Promise<SearchHitRecord[]> {
    const where: string[] = [
      'msg.deleted_ms IS NULL',
      // Who may read a conversation, as the core's accessOf decides it (isVisibleTo): an
      // active member, or anyone when it is a public channel. Archived conversations stay
      // readable, so searchable. search.int.spec.ts holds the two to the same answers.
      `((c.kind = 'channel' AND c.visibility = 'public') OR EXISTS (
         SELECT 1 FROM messaging_members m
         WHERE m.conversation_id = msg.conversation_id AND m.user_id = ? AND m.status = 'active'))`,
    ];
    const params: unknown[] = [c.readerId];

    const indexed = this.sql.pg
      ? []
      : c.terms.filter((t) => Array.from(t).length >= TRIGRAM_MIN_CHARS);
    if (indexed.length > 0) {
      where.push(
        `msg.id IN (SELECT d.message_id FROM messaging_search
           JOIN messaging_search_docs d ON d.doc_id = messaging_search.rowid
           WHERE messaging_search MATCH ?)`,
      );
      params.push(indexed.map(ftsPhrase).join(' AND '));
    }
    // PostgreSQL: every term, through the trigram index where it has three characters.
    // SQLite: the terms the FTS index cannot take (LIKE ignores case for ASCII letters only).
    for (const term of c.terms.filter((t) => !indexed.includes(t))) {
      where.push(`msg.text ${this.sql.pg ? 'ILIKE' : 'LIKE'} ? ESCAPE '\\'`);
      params.push(likePattern(term));
    }
    if (c.senders.length > 0) {
      where.push(
        `msg.sender_id IN (SELECT id FROM messaging_users
           WHERE username_key IN (${Sql.list(c.senders.length)}))`,
      );
      params.push(...c.senders);
    }
    if (c.conversations.length > 0) {
      const list = Sql.list(c.conversations.length);
      where.push(
        `(msg.conversation_id IN (${list})
          OR (c.kind = 'channel' AND lower(c.name) IN (${c.conversations.map(() => 'lower(CAST(? AS TEXT))').join(', ')})))`,
      );
      params.push(...c.conversations, ...c.conversations);
    }
    if (c.hasFile)
      where.push('EXISTS (SELECT 1 FROM messaging_message_files f WHERE f.message_id = msg.id)');
    if (c.sinceMs !== null) {
      where.push('msg.created_ms >= ?');
      params.push(c.sinceMs);
    }
    if (c.untilMs !== null) {
      where.push('msg.created_ms < ?');
      params.push(c.untilMs);
    }
    if (c.after) {
      where.push('(msg.created_ms < ? OR (msg.created_ms = ? AND msg.id < ?))');
      params.push(c.after.createdAt, c.after.createdAt, c.after.id);
    }
    params.push(c.limit);

    const rows = await this.sql.rows<HitRow>(
      `SELECT msg.id, msg.conversation_id, msg.seq, msg.sender_id, msg.sender_kind, msg.text,
              msg.created_ms, msg.edited_ms, msg.card, msg.card_version, c.kind AS c_kind, c.name AS c_name,
              u.username AS u_username, u.display_name AS u_display_name, u.active AS u_active
       FROM messaging_messages msg
       JOIN messaging_conversations c ON c.id = msg.conversation_id
       LEFT JOIN messaging_users u ON u.id = msg.sender_id
       WHERE ${where.join('\n AND ')}
       ORDER BY msg.created_ms DESC, msg.id DESC
       LIMIT ?`,
      params,
    );
    return rows.map(toHit);
  }
}

function toHit(row: HitRow): SearchHitRecord {
  return {
    messageId: row.id,
    conversationId: row.conversation_id,
    conversationKind: row.c_kind as ConversationKind,
    conversationName: row.c_name,
    seq: int(row.seq),
    senderId: row.sender_id,
    senderKind: row.sender_kind as SenderKind,
    author:
      row.u_username === null || row.u_username === undefined
        ? null
        : {
            username: row.u_username,
            displayName: row.u_display_name ?? row.u_username,
            active: row.u_active === true || row.u_active === 1 || row.u_active === '1',
          },
    text: row.text,
    createdAt: int(row.created_ms),
    editedAt: intOrNull(row.edited_ms),
    card: row.card ? (JSON.parse(row.card) as Card) : null,
    cardVersion: int(row.card_version),
  };
}

/** The search repository over a data source or a transaction's manager. */
export function messagingSearch(db: Db): SearchRepository {
  return new SqlSearchRepository(db);
}
