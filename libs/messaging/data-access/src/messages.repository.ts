import type { BroadcastMention, SeqRange } from '@tidings/messaging/domain';
import {
  DETAIL,
  systemData,
  toMessage,
  withParts,
  type DetailRow,
  type MessageRow,
} from './message-parts';
import type { MessageDetail, MessageRecord } from './records';
import { int, Sql, type Db } from './sql';

export { toMessage };

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
  /**
   * Messages of a seq range, oldest first, with mentions, attachments, author, reactions,
   * thread and pin. `viewerId` decides "reacted by me" and "following".
   */
  range(conversationId: string, range: SeqRange, viewerId?: string): Promise<MessageDetail[]>;
  details(ids: readonly string[], viewerId?: string): Promise<MessageDetail[]>;
  /** The newest message of each conversation (deleted ones as their tombstones). */
  latest(conversationIds: readonly string[], viewerId?: string): Promise<MessageDetail[]>;
  /** Replaces text and mentions, keeping the previous text in the edit history. */
  edit(
    message: MessageRecord,
    change: { text: string; broadcast: BroadcastMention | null; mentions: readonly string[] },
    by: string,
    at: number,
  ): Promise<void>;
  /**
   * Purges text, history, mentions, attachments, reactions and its pin; answers the file ids
   * it let go. A root's thread (replies, followers) stays, under the tombstone.
   */
  tombstone(id: string, by: string, at: number): Promise<string[]>;
  edits(id: string): Promise<MessageEdit[]>;
}

export class SqlMessageRepository implements MessageRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async insert(m: MessageRecord, mentions: readonly string[], fileIds: readonly string[]) {
    await this.sql.run(
      `INSERT INTO messaging_messages (id, conversation_id, seq, sender_id, sender_kind,
         client_msg_id, text, broadcast, created_ms, edited_ms, deleted_ms, deleted_by,
         thread_root_id, system_type, system_data)
       VALUES (${Sql.list(15)})`,
      [
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
      ],
    );
    await this.insertMentions(m.id, mentions);
    if (fileIds.length > 0)
      await this.sql.run(
        `INSERT INTO messaging_message_files (message_id, file_id, position) VALUES ${Sql.rows(fileIds.length, 3)}`,
        fileIds.flatMap((fileId, position) => [m.id, fileId, position]),
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
    await this.sql.run(
      `INSERT INTO messaging_message_edits (message_id, previous_text, edited_by, edited_ms)
       VALUES (?, ?, ?, ?)`,
      [message.id, message.text, by, at],
    );
    await this.sql.run(
      'UPDATE messaging_messages SET text = ?, broadcast = ?, edited_ms = ? WHERE id = ?',
      [change.text, change.broadcast, at, message.id],
    );
    await this.sql.run('DELETE FROM messaging_message_mentions WHERE message_id = ?', [message.id]);
    await this.insertMentions(message.id, change.mentions);
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
      `UPDATE messaging_messages SET text = '', broadcast = NULL, deleted_ms = ?, deleted_by = ?
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

  private async insertMentions(messageId: string, userIds: readonly string[]) {
    if (userIds.length === 0) return;
    await this.sql.run(
      `INSERT INTO messaging_message_mentions (message_id, user_id) VALUES ${Sql.rows(userIds.length, 2)}`,
      userIds.flatMap((userId) => [messageId, userId]),
    );
  }
}
