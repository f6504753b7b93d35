import type { LdapSettingsLayer } from '@tidings/directory/domain';
import { EntitySchema, type DataSource, type EntityManager } from 'typeorm';
import type { LdapSettingsRepository, StoredLdapSettings } from './ldap-settings';

interface LdapSettingsRow {
  id: string;
  settings: string;
  bindPasswordSealed: string | null;
  bindPasswordKeyId: string | null;
  bindPasswordUrl: string | null;
  bindPasswordBindDn: string | null;
  revision: number;
  updatedMs: string | number | null;
  updatedBy: string | null;
}

const ROW_ID = 'ldap';

export const LdapSettingsEntity = new EntitySchema<LdapSettingsRow>({
  name: 'DirectoryLdapSettings',
  tableName: 'directory_ldap_settings',
  columns: {
    id: { type: 'varchar', length: 16, primary: true },
    settings: { type: 'text' },
    bindPasswordSealed: { name: 'bind_password_sealed', type: 'text', nullable: true },
    bindPasswordKeyId: {
      name: 'bind_password_key_id',
      type: 'varchar',
      length: 64,
      nullable: true,
    },
    bindPasswordUrl: { name: 'bind_password_url', type: 'varchar', length: 1000, nullable: true },
    bindPasswordBindDn: {
      name: 'bind_password_bind_dn',
      type: 'varchar',
      length: 1000,
      nullable: true,
    },
    revision: { type: 'integer' },
    updatedMs: { name: 'updated_ms', type: 'bigint', nullable: true },
    updatedBy: { name: 'updated_by', type: 'varchar', length: 200, nullable: true },
  },
});

const EMPTY: StoredLdapSettings = {
  layer: {},
  bindPassword: null,
  revision: 0,
  updatedAt: null,
  updatedBy: null,
};

export class TypeOrmLdapSettingsRepository implements LdapSettingsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get repo() {
    return ('manager' in this.db ? this.db.manager : this.db).getRepository(LdapSettingsEntity);
  }

  async get(): Promise<StoredLdapSettings> {
    const row = await this.repo.findOneBy({ id: ROW_ID });
    if (!row) return EMPTY;
    const sealed = row.bindPasswordSealed;
    return {
      layer: JSON.parse(row.settings) as LdapSettingsLayer,
      bindPassword:
        sealed && row.bindPasswordKeyId && row.bindPasswordUrl && row.bindPasswordBindDn
          ? {
              sealed,
              keyId: row.bindPasswordKeyId,
              for: { url: row.bindPasswordUrl, bindDn: row.bindPasswordBindDn },
            }
          : null,
      revision: Number(row.revision),
      updatedAt: row.updatedMs === null ? null : Number(row.updatedMs),
      updatedBy: row.updatedBy,
    };
  }

  async save(
    next: Pick<StoredLdapSettings, 'layer' | 'bindPassword' | 'updatedBy'>,
    expectedRevision: number,
  ): Promise<boolean> {
    const { bindPassword: password } = next;
    const result = await this.repo.update(
      { id: ROW_ID, revision: expectedRevision },
      {
        settings: JSON.stringify(next.layer),
        bindPasswordSealed: password?.sealed ?? null,
        bindPasswordKeyId: password?.keyId ?? null,
        bindPasswordUrl: password?.for.url ?? null,
        bindPasswordBindDn: password?.for.bindDn ?? null,
        revision: expectedRevision + 1,
        updatedMs: Date.now(),
        updatedBy: next.updatedBy,
      },
    );
    return (result.affected ?? 0) === 1;
  }
}
