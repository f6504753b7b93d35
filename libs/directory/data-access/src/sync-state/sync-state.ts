import { EntitySchema, type DataSource, type EntityManager } from 'typeorm';

/**
 * The sync's own memory between runs — the delta high-water mark — and the lease that keeps
 * to one run at a time across every process sharing the database.
 */
interface SyncStateRow {
  key: string;
  value: string | null;
  updatedMs: string | number;
}

export const SyncStateEntity = new EntitySchema<SyncStateRow>({
  name: 'DirectorySyncState',
  tableName: 'directory_sync_state',
  columns: {
    key: { type: 'varchar', length: 64, primary: true },
    value: { type: 'text', nullable: true },
    updatedMs: { name: 'updated_ms', type: 'bigint' },
  },
});

interface SyncLockRow {
  name: string;
  holder: string | null;
  expiresMs: string | number;
}

export const SyncLockEntity = new EntitySchema<SyncLockRow>({
  name: 'DirectorySyncLock',
  tableName: 'directory_sync_lock',
  columns: {
    name: { type: 'varchar', length: 64, primary: true },
    holder: { type: 'varchar', length: 64, nullable: true },
    expiresMs: { name: 'expires_ms', type: 'bigint' },
  },
});

const managerOf = (db: DataSource | EntityManager) => ('manager' in db ? db.manager : db);

export class TypeOrmSyncStateRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async get(key: string): Promise<string | null> {
    const row = await managerOf(this.db).getRepository(SyncStateEntity).findOneBy({ key });
    return row?.value ?? null;
  }

  async set(key: string, value: string | null): Promise<void> {
    await managerOf(this.db)
      .getRepository(SyncStateEntity)
      .upsert({ key, value, updatedMs: Date.now() }, ['key']);
  }
}

/**
 * A lease in a table row rather than an advisory lock: it works the same on SQLite and
 * PostgreSQL, and a holder that dies without releasing it is replaced once the lease expires
 * (so a crashed process cannot leave syncs stuck forever). Every change is one conditional
 * UPDATE, atomic on both databases.
 */
export class TypeOrmSyncLock {
  constructor(
    private readonly db: DataSource | EntityManager,
    private readonly name = 'sync',
  ) {}

  private get repo() {
    return managerOf(this.db).getRepository(SyncLockEntity);
  }

  async tryAcquire(holder: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    await this.repo
      .createQueryBuilder()
      .insert()
      .values({ name: this.name, holder: null, expiresMs: 0 })
      .orIgnore()
      .execute();
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({ holder, expiresMs: now + ttlMs })
      .where('name = :name AND (holder IS NULL OR expires_ms < :now)', { name: this.name, now })
      .execute();
    return result.affected === 1;
  }

  /** Extends the lease; false when it was lost (expired and taken by another process). */
  async renew(holder: string, ttlMs: number): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({ expiresMs: Date.now() + ttlMs })
      .where('name = :name AND holder = :holder', { name: this.name, holder })
      .execute();
    return result.affected === 1;
  }

  async release(holder: string): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .update()
      .set({ holder: null, expiresMs: 0 })
      .where('name = :name AND holder = :holder', { name: this.name, holder })
      .execute();
  }

  async holder(): Promise<string | null> {
    const row = await this.repo.findOneBy({ name: this.name });
    return row && row.holder && Number(row.expiresMs) >= Date.now() ? row.holder : null;
  }
}
