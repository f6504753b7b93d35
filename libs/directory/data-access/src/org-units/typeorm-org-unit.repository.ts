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

  private get manager(): EntityManager {
    return 'manager' in this.db ? this.db.manager : this.db;
  }

  private get repo() {
    return this.manager.getRepository(OrgUnitEntity);
  }

  async ensurePath(path: string[], onCreated?: (unit: OrgUnit) => void): Promise<string | null> {
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
      onCreated?.({ id, parentId, name: path[depth - 1] ?? '', path: path.slice(0, depth) });
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

  async pruneEmpty(): Promise<OrgUnit[]> {
    const units = await this.list();
    const rows: Array<{ id: string }> = await this.manager.query(
      'SELECT DISTINCT org_unit_id AS id FROM directory_users WHERE org_unit_id IS NOT NULL',
    );
    const occupied = new Set(rows.map((r) => r.id));
    const childCount = new Map<string, number>();
    for (const unit of units)
      if (unit.parentId) childCount.set(unit.parentId, (childCount.get(unit.parentId) ?? 0) + 1);
    const removed: OrgUnit[] = [];
    // Deepest first, so a parent emptied by removing its last child goes in the same pass.
    for (const unit of [...units].sort((a, b) => b.path.length - a.path.length)) {
      if (occupied.has(unit.id) || (childCount.get(unit.id) ?? 0) > 0) continue;
      await this.repo.delete({ id: unit.id });
      if (unit.parentId) childCount.set(unit.parentId, (childCount.get(unit.parentId) ?? 1) - 1);
      removed.push(unit);
    }
    return removed;
  }
}
