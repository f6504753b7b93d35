import type { DataSource, EntityManager } from 'typeorm';
import { OrgUnitEntity } from '../org-units/typeorm-org-unit.repository';
import type { DirectoryUser } from './directory-user';
import { DirectoryUserEntity } from './directory-user.entity';
import { toUser } from './typeorm-directory-user.repository';

/** Where a page ends: the last member's sort key (display name, then id). */
export interface MemberCursor {
  displayName: string;
  id: string;
}

export interface MemberPageRequest {
  /** Members of sub-departments too, at any depth. */
  recursive: boolean;
  after: MemberCursor | null;
  limit: number;
  includeDeactivated: boolean;
}

export interface MemberPage {
  items: DirectoryUser[];
  /** Null on the last page. */
  next: MemberCursor | null;
}

export interface UnitRef {
  id: string;
  /** Names from the root, escaped and joined by `/` (see pathKey). */
  pathKey: string;
}

/** Read-side queries over people that the write repository does not need. */
export interface UserListingRepository {
  /** The unit with its stored path key, or undefined when there is no such unit. */
  findUnit(orgUnitId: string): Promise<UnitRef | undefined>;
  membersOf(unit: UnitRef, request: MemberPageRequest): Promise<MemberPage>;
  /** `Alice` and `alice` are one name to people; refuse the second one. */
  findByUsernameIgnoringCase(username: string): Promise<DirectoryUser | undefined>;
}

export class TypeOrmUserListingRepository implements UserListingRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get manager() {
    return 'manager' in this.db ? this.db.manager : this.db;
  }

  async findUnit(orgUnitId: string): Promise<UnitRef | undefined> {
    const row = await this.manager.getRepository(OrgUnitEntity).findOneBy({ id: orgUnitId });
    return row ? { id: row.id, pathKey: row.pathKey } : undefined;
  }

  /**
   * One page in a stable order — display name, then id, so equal names never swap between
   * pages — continuing strictly after the cursor (keyset paging: no offset to drift when
   * people join or leave meanwhile).
   */
  async membersOf(unit: UnitRef, request: MemberPageRequest): Promise<MemberPage> {
    const query = this.manager.getRepository(DirectoryUserEntity).createQueryBuilder('u');
    if (request.recursive) {
      // Descendants' keys start with "<key>/" (a `/` inside a name is stored escaped, so this
      // prefix never matches a sibling). substr, not LIKE: SQLite's LIKE ignores ASCII case.
      const prefix = `${unit.pathKey}/`;
      query.where(
        `u.orgUnitId IN (SELECT o.id FROM directory_org_units o WHERE o.path_key = :key OR substr(o.path_key, 1, :prefixLength) = :prefix)`,
        // Both databases count characters (code points), not UTF-16 units.
        { key: unit.pathKey, prefix, prefixLength: [...prefix].length },
      );
    } else {
      query.where('u.orgUnitId = :unitId', { unitId: unit.id });
    }
    if (!request.includeDeactivated) query.andWhere('u.status = :active', { active: 'active' });
    if (request.after) {
      query.andWhere(
        '(u.displayName > :afterName OR (u.displayName = :afterName AND u.id > :afterId))',
        {
          afterName: request.after.displayName,
          afterId: request.after.id,
        },
      );
    }
    const rows = await query
      .orderBy('u.displayName', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(request.limit + 1)
      .getMany();
    const items = rows.slice(0, request.limit).map(toUser);
    const last = items.at(-1);
    return {
      items,
      next:
        rows.length > request.limit && last ? { displayName: last.displayName, id: last.id } : null,
    };
  }

  async findByUsernameIgnoringCase(username: string): Promise<DirectoryUser | undefined> {
    const row = await this.manager
      .getRepository(DirectoryUserEntity)
      .createQueryBuilder('u')
      .where('LOWER(u.username) = :name', { name: username.toLowerCase() })
      .getOne();
    return row ? toUser(row) : undefined;
  }
}
