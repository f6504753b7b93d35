import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  copyHashed,
  csvHeader,
  csvRowList,
  emlMessage,
  emlPath,
  fileSafe,
  HashedFile,
  jsonlLineList,
  utf8Chunks,
  writeHashedFile,
  type AuditRecord,
  type EmlAttachment,
  type EmlContext,
  type EmlSenderKind,
  type ExportRequest,
  type ManifestFile,
  type MissingAttachment,
} from '@tidings/audit/domain';
import type { ExportAttachments } from './export-ports';
import type { ExportDependencies } from './export-runner';
import { TrailContext } from './trail-context';

/** How one format writes a page of records, and what it wrote. */
export interface FormatWriter {
  open(): Promise<void>;
  write(records: AuditRecord[]): Promise<void>;
  /** Closes the format's files; answers them and the attachments' entries. */
  close(): Promise<ManifestFile[]>;
  missing(): MissingAttachment[];
}

export function formatWriter(
  format: ExportRequest['format'],
  dir: string,
  deps: ExportDependencies,
): FormatWriter {
  const context = new TrailContext(deps.store);
  const attachments = new AttachmentCopier(dir, deps.attachments);
  if (format === 'eml') return new EmlWriter(dir, context, attachments, deps.mailDomain);
  return new RecordsFileWriter(format, dir, context, attachments);
}

/** records.csv or records.jsonl: one file, streamed. */
class RecordsFileWriter implements FormatWriter {
  private file: HashedFile | undefined;

  constructor(
    private readonly format: 'csv' | 'jsonl',
    private readonly dir: string,
    private readonly context: TrailContext,
    private readonly attachments: AttachmentCopier,
  ) {}

  async open(): Promise<void> {
    this.file = await HashedFile.create(this.dir, `records.${this.format}`);
    if (this.format === 'csv') await this.file.write(csvHeader());
  }

  async write(records: AuditRecord[]): Promise<void> {
    for (const record of records) await this.attachments.copyReferenced(record);
    if (this.format === 'jsonl') return this.writeAll(jsonlLineList(records));
    // The sender kind as the trail knows it (a webhook's post): looked up before the page is
    // written, as stringify is synchronous.
    const kinds = new Map<number, string>();
    for (const r of records) {
      const kind = r.data['senderKind'];
      const sender = r.data['senderId'];
      if (typeof kind === 'string' && typeof sender === 'string')
        kinds.set(r.seq, await this.context.senderKind(kind, sender, r.seq));
    }
    await this.writeAll(csvRowList(records, (r) => kinds.get(r.seq) ?? null));
  }

  private async writeAll(lines: string[]): Promise<void> {
    for (const chunk of utf8Chunks(lines)) await this.opened().write(chunk);
  }

  async close(): Promise<ManifestFile[]> {
    return [await this.opened().close(), ...this.attachments.files()];
  }

  private opened(): HashedFile {
    if (!this.file) throw new Error('the records file is not open');
    return this.file;
  }

  missing(): MissingAttachment[] {
    return this.attachments.missingFiles();
  }
}

/** messages/<seq>-<messageId>.eml: one file per chat record. */
class EmlWriter implements FormatWriter {
  private readonly written: ManifestFile[] = [];

  constructor(
    private readonly dir: string,
    private readonly context: TrailContext,
    private readonly attachments: AttachmentCopier,
    private readonly mailDomain: string,
  ) {}

  async open(): Promise<void> {
    await mkdir(join(this.dir, 'messages'), { recursive: true });
  }

  async write(records: AuditRecord[]): Promise<void> {
    for (const record of records) {
      const copies = await this.attachments.copyReferenced(record);
      const context = await this.contextOf(record, copies);
      this.written.push(
        await writeHashedFile(this.dir, emlPath(record), emlMessage(record, context)),
      );
    }
  }

  private async contextOf(record: AuditRecord, attachments: EmlAttachment[]): Promise<EmlContext> {
    const { seq, data } = record;
    const conversationId = record.conversationId ?? String(data['conversationId'] ?? '');
    const fromId =
      record.type === 'messaging.message.sent'
        ? String(data['senderId'] ?? record.actor?.id ?? '')
        : record.type === 'messaging.message.edited'
          ? String(data['editorId'] ?? record.actor?.id ?? '')
          : String(data['deletedBy'] ?? record.actor?.id ?? '');
    const eventKind =
      record.type === 'messaging.message.sent' && typeof data['senderKind'] === 'string'
        ? data['senderKind']
        : (record.actor?.kind ?? 'user');
    const kind = (await this.context.senderKind(eventKind, fromId, seq)) as EmlSenderKind;
    const members = await this.context.membersAt(conversationId, seq);
    const to = [];
    for (const id of members) to.push(await this.context.party(id, seq));
    return {
      domain: this.mailDomain,
      conversation: await this.context.conversation(conversationId, seq),
      from: {
        ...(await this.context.party(fromId, seq)),
        kind,
        webhookId: kind === 'webhook' ? fromId : null,
      },
      to,
      attachments,
    };
  }

  async close(): Promise<ManifestFile[]> {
    return [...this.written, ...this.attachments.files()];
  }

  missing(): MissingAttachment[] {
    return this.attachments.missingFiles();
  }
}

/**
 * Copies each file a record references (an upload, a message's attachments) once, when first
 * met, to attachments/<fileId>-<name>. A file the storage no longer has is listed as missing.
 */
class AttachmentCopier {
  private readonly copied = new Map<string, { path: string; sha256: string } | null>();
  private readonly entries: ManifestFile[] = [];
  private readonly missing: MissingAttachment[] = [];

  constructor(
    private readonly dir: string,
    private readonly source: ExportAttachments,
  ) {}

  async copyReferenced(record: AuditRecord): Promise<EmlAttachment[]> {
    const out: EmlAttachment[] = [];
    for (const fileId of referencedFiles(record)) {
      if (!this.copied.has(fileId)) this.copied.set(fileId, await this.copy(fileId));
      out.push({ fileId, copy: this.copied.get(fileId) ?? null });
    }
    return out;
  }

  private async copy(fileId: string): Promise<{ path: string; sha256: string } | null> {
    const file = await this.source.open(fileId);
    if (!file) {
      this.missing.push({ fileId, reason: 'no longer in the file storage' });
      return null;
    }
    const path = `attachments/${fileSafe(`${fileId}-${file.name}`)}`;
    const entry = await copyHashed(this.dir, path, file.content);
    this.entries.push(entry);
    return { path, sha256: entry.sha256 };
  }

  files(): ManifestFile[] {
    return this.entries;
  }

  missingFiles(): MissingAttachment[] {
    return this.missing;
  }
}

/** The file ids a record names: `fileId` (an upload) and `fileIds` (a message's). */
function referencedFiles(record: AuditRecord): string[] {
  const ids: string[] = [];
  const one = record.data['fileId'];
  if (typeof one === 'string') ids.push(one);
  const many = record.data['fileIds'];
  if (Array.isArray(many))
    for (const id of many) if (typeof id === 'string' && !ids.includes(id)) ids.push(id);
  return ids;
}
