import { In, type DataSource, type EntityManager } from 'typeorm';
import type { DirectoryGroup, GroupMembers } from './group';
import { GroupChildEntity, GroupEntity, GroupMemberEntity, type GroupRow } from './group.entities';

function toGroup(row: GroupRow): DirectoryGroup {
  return {
    id: row.id,
    source: row.source === 'local' ? 'local' : 'ldap',
    externalId: row.externalId,
    dn: row.dn,
    name: row.name,
    status: row.status === 'removed' ? 'removed' : 'active',
    memberCount: Number(row.memberCount),
    membersHash: row.membersHash,
    createdAt: Number(row.createdMs),
    updatedAt: Number(row.updatedMs),
  };
}

/** Rows per insert: stays under SQLite's bound-parameter limit with three columns. */
const CHUNK = 300;

export class TypeOrmGroupRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get manager(): EntityManager {
    return 'manager' in this.db ? this.db.manager : this.db;
  }

  async list(options: { includeRemoved?: boolean } = {}): Promise<DirectoryGroup[]> {
    const rows = await this.manager.getRepository(GroupEntity).find({
      where: options.includeRemoved ? {} : { status: 'active' },
      order: { name: 'ASC', id: 'ASC' },
    });
    return rows.map(toGroup);
  }

  async listBySource(source: 'ldap' | 'local'): Promise<DirectoryGroup[]> {
    return (await this.manager.getRepository(GroupEntity).findBy({ source })).map(toGroup);
  }

  async findById(id: string): Promise<DirectoryGroup | undefined> {
    const row = await this.manager.getRepository(GroupEntity).findOneBy({ id });
    return row ? toGroup(row) : undefined;
  }

  async members(groupId: string): Promise<GroupMembers> {
    const [rows, children] = await Promise.all([
      this.manager
        .getRepository(GroupMemberEntity)
        .find({ where: { groupId }, order: { userId: 'ASC' } }),
      this.manager
        .getRepository(GroupChildEntity)
        .find({ where: { groupId }, order: { childId: 'ASC' } }),
    ]);
    return {
      direct: rows.filter((r) => Boolean(r.direct)).map((r) => r.userId),
      all: rows.map((r) => r.userId),
      childGroups: children.map((c) => c.childId),
    };
  }

  /** Resolved member ids of many groups at once (the sync's "before" picture). */
  async memberIdsByGroup(groupIds: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(groupIds.map((id) => [id, []]));
    for (let i = 0; i < groupIds.length; i += CHUNK) {
      const rows = await this.manager
        .getRepository(GroupMemberEntity)
        .find({ where: { groupId: In(groupIds.slice(i, i + CHUNK)) }, order: { userId: 'ASC' } });
      for (const row of rows) result.get(row.groupId)?.push(row.userId);
    }
    return result;
  }

  async insert(group: Omit<DirectoryGroup, 'createdAt' | 'updatedAt'>): Promise<void> {
    const now = Date.now();
    await this.manager
      .getRepository(GroupEntity)
      .insert({ ...group, createdMs: now, updatedMs: now });
  }

  async update(
    id: string,
    patch: Partial<
      Pick<DirectoryGroup, 'externalId' | 'dn' | 'name' | 'status' | 'memberCount' | 'membersHash'>
    >,
  ): Promise<void> {
    await this.manager
      .getRepository(GroupEntity)
      .update({ id }, { ...patch, updatedMs: Date.now() });
  }

  /** Replaces a group's stored membership with a new resolution. */
  async replaceMembers(
    groupId: string,
    members: { direct: readonly string[]; all: readonly string[]; childGroups: readonly string[] },
  ): Promise<void> {
    const memberRepo = this.manager.getRepository(GroupMemberEntity);
    const childRepo = this.manager.getRepository(GroupChildEntity);
    await memberRepo.delete({ groupId });
    await childRepo.delete({ groupId });
    const direct = new Set(members.direct);
    const rows = members.all.map((userId) => ({ groupId, userId, direct: direct.has(userId) }));
    for (let i = 0; i < rows.length; i += CHUNK) await memberRepo.insert(rows.slice(i, i + CHUNK));
    const children = members.childGroups.map((childId) => ({ groupId, childId }));
    for (let i = 0; i < children.length; i += CHUNK)
      await childRepo.insert(children.slice(i, i + CHUNK));
  }

  /** Groups a person belongs to (nested memberships included). */
  async groupsOf(userId: string): Promise<DirectoryGroup[]> {
    const rows = await this.manager.getRepository(GroupMemberEntity).findBy({ userId });
    if (rows.length === 0) return [];
    const groups = await this.manager.getRepository(GroupEntity).find({
      where: { id: In(rows.map((r) => r.groupId)), status: 'active' },
      order: { name: 'ASC' },
    });
    return groups.map(toGroup);
  }
}
