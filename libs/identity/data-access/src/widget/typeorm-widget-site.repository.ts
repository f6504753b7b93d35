import { Sql } from '@tidings/platform/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { WidgetSiteEntity, type WidgetSiteRow } from './widget.entities';
import type { WidgetSiteListing, WidgetSiteRecord, WidgetSiteRepository } from './widget-site';

const SELECT_SITE = `SELECT s.id, s.origin, s.bot_id AS "botId", s.name, s.created_by AS "createdBy",
  s.created_ms AS "createdMs", b.username AS "botUsername"
  FROM identity_widget_sites s LEFT JOIN identity_subjects b ON b.id = s.bot_id`;

type ListingRow = WidgetSiteRow & { botUsername: string | null };

function toRecord(row: WidgetSiteRow): WidgetSiteRecord {
  return {
    id: row.id,
    origin: row.origin,
    botId: row.botId,
    name: row.name,
    createdBy: row.createdBy,
    createdAt: Number(row.createdMs),
  };
}

/** Reads through the data source; writes through the caller's transaction when given one. */
export class TypeOrmWidgetSiteRepository implements WidgetSiteRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly manager?: EntityManager,
  ) {}

  within(manager: EntityManager): TypeOrmWidgetSiteRepository {
    return new TypeOrmWidgetSiteRepository(this.dataSource, manager);
  }

  private get repo() {
    return (this.manager ?? this.dataSource.manager).getRepository(WidgetSiteEntity);
  }

  private get sql() {
    return new Sql(this.manager ?? this.dataSource);
  }

  async list(): Promise<WidgetSiteListing[]> {
    const rows = await this.sql.rows<ListingRow>(`${SELECT_SITE} ORDER BY s.created_ms, s.id`);
    return rows.map((row) => ({ ...toRecord(row), botUsername: row.botUsername ?? null }));
  }

  async findById(id: string) {
    const row = await this.repo.findOneBy({ id });
    return row ? toRecord(row) : undefined;
  }

  async findByOrigin(origin: string) {
    const row = await this.repo.findOneBy({ origin });
    return row ? toRecord(row) : undefined;
  }

  async insert(site: WidgetSiteRecord): Promise<void> {
    await this.repo.insert({
      id: site.id,
      origin: site.origin,
      botId: site.botId,
      name: site.name,
      createdBy: site.createdBy,
      createdMs: site.createdAt,
    });
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }
}
