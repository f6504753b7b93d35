import { EntitySchema, type DataSource, type EntityManager } from 'typeorm';

interface AvatarRow {
  userId: string;
  mime: string;
  base64: string;
  updatedMs: string | number;
}

export const AvatarEntity = new EntitySchema<AvatarRow>({
  name: 'DirectoryAvatar',
  tableName: 'directory_avatars',
  columns: {
    userId: { name: 'user_id', type: 'varchar', length: 36, primary: true },
    mime: { type: 'varchar', length: 64 },
    base64: { type: 'text' },
    updatedMs: { name: 'updated_ms', type: 'bigint' },
  },
});

/** The image types a directory photo may be; anything else is not served. */
export function avatarMimeOf(bytes: Uint8Array): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.slice(8, 12)) === 'WEBP')
    return 'image/webp';
  return null;
}

export class TypeOrmAvatarRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get repo() {
    return ('manager' in this.db ? this.db.manager : this.db).getRepository(AvatarEntity);
  }

  /** Stores the image when it is one we serve; returns whether it was stored. */
  async put(userId: string, bytes: Uint8Array): Promise<boolean> {
    const mime = avatarMimeOf(bytes);
    if (!mime) {
      await this.remove(userId);
      return false;
    }
    await this.repo.upsert(
      { userId, mime, base64: Buffer.from(bytes).toString('base64'), updatedMs: Date.now() },
      ['userId'],
    );
    return true;
  }

  async remove(userId: string): Promise<void> {
    await this.repo.delete({ userId });
  }

  async find(userId: string): Promise<{ mime: string; bytes: Buffer } | undefined> {
    const row = await this.repo.findOneBy({ userId });
    return row ? { mime: row.mime, bytes: Buffer.from(row.base64, 'base64') } : undefined;
  }
}
