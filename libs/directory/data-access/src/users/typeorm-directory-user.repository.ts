import type { DataSource, EntityManager } from 'typeorm';
import { DirectoryUserEntity, type DirectoryUserRow } from './directory-user.entity';
import type {
  DirectoryUser,
  DirectoryUserPatch,
  DirectoryUserRepository,
  NewDirectoryUser,
  UserSource,
} from './directory-user';

/** Row → domain shape; shared with the other user queries (typeorm-user-listing.repository). */
export function toUser(row: DirectoryUserRow): DirectoryUser {
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

  /**
   * People by e-mail (case-insensitive, as mail systems compare them) or by employee number
   * (exact), deactivated ones included: a connector looking someone up must learn that they
   * left rather than that they never were. Several when the directory holds duplicates.
   */
  async findByContact(
    by: { email: string } | { employeeNumber: string },
  ): Promise<DirectoryUser[]> {
    const query = this.repo.createQueryBuilder('u');
    if ('email' in by) query.where('LOWER(u.email) = :email', { email: by.email.toLowerCase() });
    else query.where('u.employeeNumber = :number', { number: by.employeeNumber });
    const rows = await query.orderBy('u.username', 'ASC').limit(10).getMany();
    return rows.map(toUser);
  }

  async listBySource(source: UserSource) {
    return (await this.repo.find({ where: { source }, order: { username: 'ASC' } })).map(toUser);
  }

  /**
   * Active people whose username or e-mail starts with `query`, or whose display name contains
   * it anywhere (Chinese names are searched by any part: 张伟 is found by 伟).
   */
  async search(query: string, limit: number): Promise<DirectoryUser[]> {
    const like = query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
    const rows = await this.repo
      .createQueryBuilder('u')
      .where('u.status = :active', { active: 'active' })
      .andWhere(
        "(LOWER(u.username) LIKE :prefix ESCAPE '\\' OR LOWER(u.email) LIKE :prefix ESCAPE '\\' OR LOWER(u.displayName) LIKE :infix ESCAPE '\\')",
        { prefix: `${like}%`, infix: `%${like}%` },
      )
      .orderBy('u.username', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map(toUser);
  }

  /** Active members per org unit (direct members only). */
  async countByOrgUnit(): Promise<Map<string, number>> {
    const rows: Array<{ orgUnitId: string | null; n: string | number }> = await this.repo
      .createQueryBuilder('u')
      .select('u.orgUnitId', 'orgUnitId')
      .addSelect('COUNT(*)', 'n')
      .where('u.status = :active', { active: 'active' })
      .groupBy('u.orgUnitId')
      .getRawMany();
    return new Map(
      rows.filter((r) => r.orgUnitId).map((r) => [r.orgUnitId as string, Number(r.n)]),
    );
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
