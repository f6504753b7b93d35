import { EntitySchema, type DataSource, type EntityManager } from 'typeorm';
import type { FileRecord, FileRepository } from './file-record';

interface FileRow {
  id: string;
  conversationId: string;
  uploaderId: string;
  name: string;
  mime: string;
  detectedExt: string | null;
  extensionMismatch: boolean | number;
  // bigint columns come back as strings from PostgreSQL.
  size: string | number;
  sha256: string;
  storageKey: string;
  width: number | null;
  height: number | null;
  thumbnailKey: string | null;
  createdMs: string | number;
}

export const FileEntity = new EntitySchema<FileRow>({
  name: 'MessagingFile',
  tableName: 'messaging_files',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    conversationId: { name: 'conversation_id', type: 'varchar', length: 64 },
    uploaderId: { name: 'uploader_id', type: 'varchar', length: 64 },
    name: { type: 'varchar', length: 1024 },
    mime: { type: 'varchar', length: 200 },
    detectedExt: { name: 'detected_ext', type: 'varchar', length: 16, nullable: true },
    extensionMismatch: { name: 'extension_mismatch', type: 'boolean' },
    size: { type: 'bigint' },
    sha256: { type: 'varchar', length: 64 },
    storageKey: { name: 'storage_key', type: 'varchar', length: 300 },
    width: { type: 'integer', nullable: true },
    height: { type: 'integer', nullable: true },
    thumbnailKey: { name: 'thumbnail_key', type: 'varchar', length: 300, nullable: true },
    createdMs: { name: 'created_ms', type: 'bigint' },
  },
});

export class TypeOrmFileRepository implements FileRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get repo() {
    return ('manager' in this.db ? this.db.manager : this.db).getRepository(FileEntity);
  }

  async insert(record: FileRecord): Promise<void> {
    const { createdAt, ...rest } = record;
    await this.repo.insert({ ...rest, createdMs: createdAt });
  }

  async findById(id: string): Promise<FileRecord | null> {
    const row = await this.repo.findOneBy({ id });
    return row ? recordOf(row) : null;
  }
}

function recordOf(row: FileRow): FileRecord {
  const { createdMs, size, extensionMismatch, ...rest } = row;
  return {
    ...rest,
    size: Number(size),
    extensionMismatch: Boolean(extensionMismatch),
    createdAt: Number(createdMs),
  };
}
