import type { DataSource } from 'typeorm';
import { SettingEntity } from './settings.entity';
import type { SettingsRepository } from './settings.repository';

export class TypeOrmSettingsRepository implements SettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(SettingEntity);
  }

  async get(key: string): Promise<string | undefined> {
    const row = await this.repo.findOneBy({ key });
    return row?.value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.repo.upsert({ key, value, updatedAt: new Date() }, ['key']);
  }

  async setIfAbsent(key: string, value: string): Promise<string> {
    // INSERT … ON CONFLICT DO NOTHING, then read back: two processes booting at once
    // (distributed mode) agree on whichever value committed first.
    await this.repo
      .createQueryBuilder()
      .insert()
      .values({ key, value, updatedAt: new Date() })
      .orIgnore()
      .execute();
    const stored = await this.get(key);
    if (stored === undefined) throw new Error(`setting ${key} vanished after insert`);
    return stored;
  }
}
