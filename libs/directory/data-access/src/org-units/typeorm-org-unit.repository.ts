import { randomUUID } from 'node:crypto';
import { EntitySchema, type DataSource, type EntityManager } from 'typeorm';
import { pathKey, type OrgUnit, type OrgUnitRepository } from './org-unit';

interface OrgUnitRow {
  id: string;
  parentId: string | null;
  name: string;
  pathKey: string;
  depth: number;
  createdMs: string | number;
}

export const OrgUnitEntity = new EntitySchema<OrgUnitRow>({
  name: 'DirectoryOrgUnit',
  tableName: 'directory_org_units',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    parentId: { name: 'parent_id', type: 'varchar', length: 36, nullable: true },
    name: { type: 'varchar', length: 200 },
    pathKey: { name: 'path_key', type: 'varchar', length: 1000 },
    depth: { type: 'integer' },
    createdMs: { name: 'created_ms', type: 'bigint' },
  },
});

export class TypeOrmOrgUnitRepository implements OrgUnitRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get repo() {
    return ('manager' in this.db ? this.db.manager : this.db).getRepository(OrgUnitEntity);
  }

  async ensurePath(path: string[]): Promise<string | null> {
    let parentId: string | null = null;
    for (let depth = 1; depth <= path.length; depth++) {
      const key = pathKey(path.slice(0, depth));
      const existing: OrgUnitRow | null = await this.repo.findOneBy({ pathKey: key });
      if (existing) {
        parentId = existing.id;
        continue;
      }
      const id = randomUUID();
      await this.repo.insert({
        id,
        parentId,
        name: path[depth - 1] ?? '',
        pathKey: key,
        depth,
        createdMs: Date.now(),
      });
      parentId = id;
    }
    return parentId;
  }

  async list(): Promise<OrgUnit[]> {
    const rows = await this.repo.find({ order: { depth: 'ASC', pathKey: 'ASC' } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const pathOf = (row: OrgUnitRow): string[] => {
      const parent = row.parentId ? byId.get(row.parentId) : undefined;
      return [...(parent ? pathOf(parent) : []), row.name];
    };
    return rows.map((r) => ({ id: r.id, parentId: r.parentId, name: r.name, path: pathOf(r) }));
  }
}
