import type { DataSource, EntityManager } from 'typeorm';
import { DirectoryUserEntity, type DirectoryUserRow } from './directory-user.entity';
import type {
  DirectoryUser,
  DirectoryUserPatch,
  DirectoryUserRepository,
  NewDirectoryUser,
  UserSource,
} from './directory-user';

function toUser(row: DirectoryUserRow): DirectoryUser {
  return {
    ...row,
    source: row.source === 'ldap' ? 'ldap' : 'local',
    status: row.status === 'deactivated' ? 'deactivated' : 'active',
    createdAt: Number(row.createdMs),
    updatedAt: Number(row.updatedMs),
  };
}

export class TypeOrmDirectoryUserRepository implements DirectoryUserRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get repo() {
    return ('manager' in this.db ? this.db.manager : this.db).getRepository(DirectoryUserEntity);
  }

  async findById(id: string) {
    const row = await this.repo.findOneBy({ id });
    return row ? toUser(row) : undefined;
  }

  async findByUsername(username: string) {
    const row = await this.repo.findOneBy({ username });
    return row ? toUser(row) : undefined;
  }

  async listBySource(source: UserSource) {
    return (await this.repo.find({ where: { source }, order: { username: 'ASC' } })).map(toUser);
  }

  async insert(user: NewDirectoryUser) {
    const now = Date.now();
    const { createdAt: _c, updatedAt: _u, ...row } = { ...user, createdAt: now, updatedAt: now };
    await this.repo.insert({ ...row, createdMs: now, updatedMs: now });
  }

  async update(id: string, patch: DirectoryUserPatch) {
    await this.repo.update({ id }, { ...patch, updatedMs: Date.now() });
  }
}
