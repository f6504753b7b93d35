import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { fileUploadedV1, type Actor } from '@tidings/contracts';
import {
  StoredObjectMissingError,
  TypeOrmFileRepository,
  type FileRecord,
  type FileStorage,
  type StoredObject,
} from '@tidings/messaging/data-access';
import { displayNameOf, fileErrors } from '@tidings/messaging/domain';
import { BusRuntime, type TransactionRunner } from '@tidings/platform/bus';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { CONVERSATION_ACCESS, type ConversationAccess } from './conversation-access';
import { FILE_STORAGE, FILES_OPTIONS, type FilesOptions } from './files-options';
import { checkHead, inspectUpload } from './inspection/inspect-upload';
import { THUMBNAIL_TYPE } from './inspection/thumbnails';
import { spool } from './spool';

export interface NewUpload {
  conversationId: string;
  /** The name the client gave; only shown, never trusted. */
  fileName: string | undefined;
  content: Readable;
}

/**
 * Files' one write path (DESIGN.md §4.1) and their guarded reads. An upload is checked for
 * access before a byte is read, spooled to a local file under the size limit, put through the
 * policy (inspect-upload.ts), copied to the storage, and only then recorded — row and
 * `messaging.file.uploaded` in one transaction, keyed by conversation. Whatever fails on the
 * way leaves no file in the storage and no row.
 */
@Injectable()
export class FileActions {
  private readonly logger = new Logger('Files');
  private readonly runner: TransactionRunner;

  constructor(
    bus: BusRuntime,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(FILES_OPTIONS) private readonly options: FilesOptions,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(CONVERSATION_ACCESS) private readonly access: ConversationAccess,
  ) {
    this.runner = bus.runnerFor('messaging');
  }

  async upload(actor: Actor, upload: NewUpload): Promise<FileRecord> {
    const { conversationId } = upload;
    await this.requireWrite(actor, conversationId);
    const limits = this.options.limits;
    const spooled = await spool(upload.content, {
      dir: this.options.spoolDir,
      maxBytes: limits.maxBytes,
      checkHead: (head) => checkHead(head, limits),
    });
    const stored: StoredObject[] = [];
    try {
      if (spooled.size === 0) throw fileErrors.empty();
      const name = displayNameOf(upload.fileName);
      const verdict = await inspectUpload(spooled, name, limits);
      const content = await this.storage.put(createReadStream(spooled.path), {
        contentType: verdict.mime,
      });
      stored.push(content);
      const thumbnail = verdict.thumbnail
        ? await this.storage.put(Readable.from([verdict.thumbnail]), {
            contentType: THUMBNAIL_TYPE,
          })
        : null;
      if (thumbnail) stored.push(thumbnail);
      const record: FileRecord = {
        id: randomUUID(),
        conversationId,
        uploaderId: actor.id,
        name,
        mime: verdict.mime,
        detectedExt: verdict.detected?.ext ?? null,
        extensionMismatch: verdict.extensionMismatch,
        size: content.size,
        sha256: content.sha256,
        storageKey: content.key,
        width: verdict.image?.width ?? null,
        height: verdict.image?.height ?? null,
        thumbnailKey: thumbnail?.key ?? null,
        createdAt: Date.now(),
      };
      // Asked again, outside the transaction (a port querying the database from inside it
      // would wait on it, on SQLite): a member removed during a long upload loses it here.
      await this.requireWrite(actor, conversationId);
      await this.runner.run(async (tx) => {
        await new TypeOrmFileRepository(tx.manager).insert(record);
        tx.publish(fileUploadedV1, { key: conversationId, actor, data: eventOf(record) });
      });
      return record;
    } catch (error) {
      await Promise.all(stored.map((o) => this.forget(o.key)));
      throw error;
    } finally {
      await spooled.discard();
    }
  }

  /** The file and its bytes, if the caller may read its conversation; not_found otherwise. */
  async download(actor: Actor, id: string): Promise<{ file: FileRecord; content: Readable }> {
    const file = await this.readable(actor, id);
    return { file, content: await this.open(file.storageKey, id) };
  }

  async thumbnail(actor: Actor, id: string): Promise<{ file: FileRecord; content: Readable }> {
    const file = await this.readable(actor, id);
    if (!file.thumbnailKey) throw fileErrors.notFound(id);
    return { file, content: await this.open(file.thumbnailKey, id) };
  }

  /** Throws before the upload is read when the caller may not post into the conversation. */
  async requireWrite(actor: Actor, conversationId: string): Promise<void> {
    if (await this.access.canWrite(actor.id, conversationId)) return;
    if (await this.access.canRead(actor.id, conversationId))
      throw fileErrors.conversationReadOnly(conversationId);
    throw fileErrors.conversationNotFound(conversationId);
  }

  private async readable(actor: Actor, id: string): Promise<FileRecord> {
    const file = await new TypeOrmFileRepository(this.dataSource).findById(id);
    // The same answer for "no such file" and "not yours": existence is not revealed.
    if (!file || !(await this.access.canRead(actor.id, file.conversationId)))
      throw fileErrors.notFound(id);
    return file;
  }

  private async open(key: string, id: string): Promise<Readable> {
    try {
      return await this.storage.get(key);
    } catch (error) {
      if (!(error instanceof StoredObjectMissingError)) throw error;
      this.logger.error(`file ${id}: its stored object ${key} is missing`);
      throw fileErrors.notFound(id);
    }
  }

  private async forget(key: string): Promise<void> {
    await this.storage.delete(key).catch((error: unknown) => {
      this.logger.warn(
        `could not remove stored object ${key} of a failed upload: ${String(error)}`,
      );
    });
  }
}

function eventOf(record: FileRecord) {
  return {
    fileId: record.id,
    conversationId: record.conversationId,
    uploaderId: record.uploaderId,
    name: record.name,
    mime: record.mime,
    size: record.size,
    sha256: record.sha256,
    width: record.width,
    height: record.height,
    hasThumbnail: record.thumbnailKey !== null,
    extensionMismatch: record.extensionMismatch,
    uploadedAt: new Date(record.createdAt).toISOString(),
  };
}
