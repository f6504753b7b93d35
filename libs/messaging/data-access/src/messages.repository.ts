import type { Card } from '@tidings/contracts';
import type { BroadcastMention, SeqRange } from '@tidings/messaging/domain';
import {
  cardText,
  DETAIL,
  systemData,
  toMessage,
  withParts,
  type DetailRow,
  type MessageRow,
} from './message-parts';
import type { MessageDetail, MessageRecord } from './records';
import { chunk, int, Sql, type Db } from './sql';

export { toMessage };

/** A message with the rows that hang off it, as a batch of sends inserts them. */
export interface NewMessageRows {
  message: MessageRecord;
  mentions: readonly string[];
  fileIds: readonly string[];
}

export interface ClientMsgKey {
  conversationId: string;
  senderId: string;
  clientMsgId: string;
}

/** Rows per multi-row INSERT: well under both databases' bound-parameter limits. */
const ROWS_PER_INSERT = 200;

export interface MessageEdit {
  previousText: string;
  editedBy: string;
  editedAt: number;
}

export interface MessageRepository {
  /** Inserts a message with its mentions and attachments (throws on a unique violation). */
  insert(
    message: MessageRecord,
    mentions: readonly string[],
    fileIds: readonly string[],
  ): Promise<void>;
  /**
   * Inserts several messages, a few multi-row statements for all of them (a batch of sends);
   * throws on a unique violation, inserting none.
   */
  insertMany(messages: readonly NewMessageRows[]): Promise<void>;
  findById(id: string): Promise<MessageRecord | undefined>;
  /** Which of `fileIds` are files uploaded to this conversation by this person. */
  filesUploadedBy(
    conversationId: string,
    uploaderId: string,
    fileIds: readonly string[],
  ): Promise<Set<string>>;
  findByClientMsgId(
    conversationId: string,
    senderId: string,
    clientMsgId: string,
  ): Promise<MessageRecord | undefined>;
  /** The messages already sent under these client ids, in one read. */
  findByClientMsgIds(keys: readonly ClientMsgKey[]): Promise<MessageRecord[]>;
  /**
   * Messages of a seq range, oldest first, with mentions, attachments, author, reactions,
   * thread and pin. `viewerId` decides "reacted by me" and "following".
   */
  range(conversationId: string, range: SeqRange, viewerId?: string): Promise<MessageDetail[]>;
  details(ids: readonly string[], viewerId?: string): Promise<MessageDetail[]>;
  /** The newest message of each conversation (deleted ones as their tombstones). */
  latest(conversationIds: readonly string[], viewerId?: string): Promise<MessageDetail[]>;
  /**
   * Replaces text and mentions, keeping the previous text in the edit history. False, changing
   * nothing, when the message was deleted (or purged) meanwhile.
   */
  edit(
    message: MessageRecord,
    change: { text: string; broadcast: BroadcastMention | null; mentions: readonly string[] },
    by: string,
    at: number,
  ): Promise<boolean>;
  /**
   * Purges text, history, mentions, attachments, reactions and its pin; answers the file ids
   * it let go. A root's thread (replies, followers) stays, under the tombstone.
   */
  tombstone(id: string, by: string, at: number): Promise<string[]>;
  edits(id: string): Promise<MessageEdit[]>;
  /**
   * Replaces a message's card and answers its new version (one more than before). With
   * `fromVersion`, only if the version is still that one: undefined when another update got
   * there first (as for no such message). Text, mentions and everything else stay.
   */
  replaceCard(id: string, card: Card, fromVersion?: number): Promise<number | undefined>;
}

export class SqlMessageRepository implements MessageRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async insert(message: MessageRecord, mentions: readonly string[], fileIds: readonly string[]) {
    await this.insertMany([{ message, mentions, fileIds }]);
  }

  async insertMany(items: readonly NewMessageRows[]) {
    for (const part of chunk(items, ROWS_PER_INSERT))
      await this.sql.run(
        `INSERT INTO messaging_messages (id, conversation_id, seq, sender_id, sender_kind,
           client_msg_id, text, broadcast, created_ms, edited_ms, deleted_ms, deleted_by,
           thread_root_id, system_type, system_data, card, card_version)
         VALUES ${Sql.rows(part.length, 17)}`,
        part.flatMap(({ message: m }) => [
          m.id,
          m.conversationId,
          m.seq,
          m.senderId,
          m.senderKind,
          m.clientMsgId,
          m.text,
          m.broadcast,
          m.createdAt,
          m.editedAt,
          m.deletedAt,
          m.deletedBy,
          m.threadRootId ?? null,
          m.system?.type ?? null,
          systemData(m.system),
          cardText(m.card),
          m.cardVersion ?? (m.card ? 1 : 0),
        ]),
      );
    const mentions = items.flatMap(({ message, mentions }) =>
      mentions.map((userId) => [message.id, userId]),
    );
    for (const part of chunk(mentions, ROWS_PER_INSERT))
      await this.sql.run(
        `INSERT INTO messaging_message_mentions (message_id, user_id) VALUES ${Sql.rows(part.length, 2)}`,
        part.flat(),
      );
    const files = items.flatMap(({ message, fileIds }) =>
      fileIds.map((fileId, position) => [message.id, fileId, position]),
    );
    for (const part of chunk(files, ROWS_PER_INSERT))
      await this.sql.run(
        `INSERT INTO messaging_message_files (message_id, file_id, position) VALUES ${Sql.rows(part.length, 3)}`,
        part.flat(),
      );
  }

  async findById(id: string) {
    const row = await this.sql.one<MessageRow>('SELECT * FROM messaging_messages WHERE id = ?', [
      id,
    ]);
    return row ? toMessage(row) : undefined;
  }

  async findByClientMsgId(conversationId: string, senderId: string, clientMsgId: string) {
    const row = await this.sql.one<MessageRow>(
      `SELECT * FROM messaging_messages
       WHERE conversation_id = ? AND sender_id = ? AND client_msg_id = ?`,
      [conversationId, senderId, clientMsgId],
    );
    return row ? toMessage(row) : undefined;
  }

  async findByClientMsgIds(keys: readonly ClientMsgKey[]) {
    const found: MessageRecord[] = [];
    // An OR of exact matches: each one a lookup in the unique index on both databases.
    for (const part of chunk(keys, ROWS_PER_INSERT)) {
      const rows = await this.sql.rows<MessageRow>(
        `SELECT * FROM messaging_messages WHERE ${part
          .map(() => '(conversation_id = ? AND sender_id = ? AND client_msg_id = ?)')
          .join(' OR ')}`,
        part.flatMap((k) => [k.conversationId, k.senderId, k.clientMsgId]),
      );
      found.push(...rows.map(toMessage));
    }
    return found;
  }

  async range(conversationId: string, range: SeqRange, viewerId?: string) {
    const rows = await this.sql.rows<DetailRow>(
      `${DETAIL} WHERE msg.conversation_id = ? AND msg.seq BETWEEN ? AND ? ORDER BY msg.seq`,
      [conversationId, range.from, range.to],
    );
    return withParts(this.sql, rows, viewerId);
  }

  async details(ids: readonly string[], viewerId?: string) {
    if (ids.length === 0) return [];
    const rows = await this.sql.rows<DetailRow>(
      `${DETAIL} WHERE msg.id IN (${Sql.list(ids.length)})`,
      [...ids],
    );
    return withParts(this.sql, rows, viewerId);
  }

  async latest(conversationIds: readonly string[], viewerId?: string) {
    if (conversationIds.length === 0) return [];
    const rows = await this.sql.rows<DetailRow>(
      `${DETAIL} JOIN messaging_conversations c ON c.id = msg.conversation_id AND msg.seq = c.last_seq
       WHERE c.id IN (${Sql.list(conversationIds.length)})`,
      [...conversationIds],
    );
    return withParts(this.sql, rows, viewerId);
  }

  async edit(
    message: MessageRecord,
    change: { text: string; broadcast: BroadcastMention | null; mentions: readonly string[] },
    by: string,
    at: number,
  ) {
    // Only a live message: a delete or a retention purge that committed after the caller read
    // it must not get its text back (the row is the arbiter, not the earlier read).
    const changed = await this.sql.rows(
      `UPDATE messaging_messages SET text = ?, broadcast = ?, edited_ms = ?
       WHERE id = ? AND deleted_ms IS NULL RETURNING id`,
      [change.text, change.broadcast, at, message.id],
    );
    if (changed.length === 0) return false;
    await this.sql.run(
      `INSERT INTO messaging_message_edits (message_id, previous_text, edited_by, edited_ms)
       VALUES (?, ?, ?, ?)`,
      [message.id, message.text, by, at],
    );
    await this.sql.run('DELETE FROM messaging_message_mentions WHERE message_id = ?', [message.id]);
    await this.insertMentions(message.id, change.mentions);
    return true;
  }

  async filesUploadedBy(conversationId: string, uploaderId: string, fileIds: readonly string[]) {
    if (fileIds.length === 0) return new Set<string>();
    const rows = await this.sql.rows<{ id: string }>(
      `SELECT id FROM messaging_files
       WHERE conversation_id = ? AND uploader_id = ? AND id IN (${Sql.list(fileIds.length)})`,
      [conversationId, uploaderId, ...fileIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  async tombstone(id: string, by: string, at: number) {
    const files = await this.sql.rows<{ file_id: string }>(
      'SELECT file_id FROM messaging_message_files WHERE message_id = ? ORDER BY position',
      [id],
    );
    for (const table of [
      'messaging_message_files',
      'messaging_message_mentions',
      'messaging_message_edits',
      'messaging_reactions',
      'messaging_pins',
    ])
      await this.sql.run(`DELETE FROM ${table} WHERE message_id = ?`, [id]);
    await this.sql.run(
      // The card goes with the text; its version stays, so no older card can come back.
      `UPDATE messaging_messages SET text = '', broadcast = NULL, card = NULL, deleted_ms = ?,
         deleted_by = ?
       WHERE id = ?`,
      [at, by, id],
    );
    return files.map((f) => f.file_id);
  }

  async edits(id: string) {
    const rows = await this.sql.rows<{
      previous_text: string;
      edited_by: string;
      edited_ms: unknown;
    }>(
      'SELECT previous_text, edited_by, edited_ms FROM messaging_message_edits WHERE message_id = ? ORDER BY id',
      [id],
    );
    return rows.map((r) => ({
      previousText: r.previous_text,
      editedBy: r.edited_by,
      editedAt: int(r.edited_ms),
    }));
  }

  async replaceCard(id: string, card: Card, fromVersion?: number) {
    // Compare-and-set on the version: of two updates from one version only one wins, on
    // either database, whatever the isolation level. Without one, the last update wins.
    const row = await this.sql.one<{ card_version: unknown }>(
      `UPDATE messaging_messages SET card = ?, card_version = card_version + 1
       WHERE id = ?${fromVersion === undefined ? '' : ' AND card_version = ?'}
       RETURNING card_version`,
      [cardText(card), id, ...(fromVersion === undefined ? [] : [fromVersion])],
    );
    return row ? int(row.card_version) : undefined;
  }

  private async insertMentions(messageId: string, userIds: readonly string[]) {
    if (userIds.length === 0) return;
    await this.sql.run(
      `INSERT INTO messaging_message_mentions (message_id, user_id) VALUES ${Sql.rows(userIds.length, 2)}`,
      userIds.flatMap((userId) => [messageId, userId]),
    );
  }
}
