import { Sql } from '@tidings/platform/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { WidgetTokenEntity, type WidgetTokenRow } from './widget.entities';
import type { WidgetTokenRecord, WidgetTokenRepository, WidgetTokenStanding } from './widget-token';

/**
 * The token, its site's current owner and its bot's standing in one statement, hand-written
 * like the subject lookup: it runs on every request an embedded widget makes.
 */
const SELECT_STANDING = `SELECT t.id, t.prefix, t.secret_hash AS "secretHash", t.user_id AS "userId",
  t.bot_id AS "botId", t.site_id AS "siteId", t.origin, t.expires_ms AS "expiresMs",
  t.created_ms AS "createdMs", s.bot_id AS "siteBotId", b.active AS "botActive"
  FROM identity_widget_tokens t
  LEFT JOIN identity_widget_sites s ON s.id = t.site_id
  LEFT JOIN identity_subjects b ON b.id = t.bot_id
  WHERE t.prefix = ?`;

type StandingRow = WidgetTokenRow & { siteBotId: string | null; botActive: unknown };

/** Reads through the data source; writes through the caller's transaction when given one. */
export class TypeOrmWidgetTokenRepository implements WidgetTokenRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly manager?: EntityManager,
  ) {}

  within(manager: EntityManager): TypeOrmWidgetTokenRepository {
    return new TypeOrmWidgetTokenRepository(this.dataSource, manager);
  }

  private get repo() {
    return (this.manager ?? this.dataSource.manager).getRepository(WidgetTokenEntity);
  }

  async insert(token: WidgetTokenRecord): Promise<void> {
    await this.repo.insert({
      id: token.id,
      prefix: token.prefix,
      secretHash: token.secretHash,
      userId: token.userId,
      botId: token.botId,
      siteId: token.siteId,
      origin: token.origin,
      expiresMs: token.expiresAt,
      createdMs: token.createdAt,
    });
  }

  async findByPrefix(prefix: string): Promise<WidgetTokenStanding | undefined> {
    const row = await new Sql(this.manager ?? this.dataSource).one<StandingRow>(SELECT_STANDING, [
      prefix,
    ]);
    if (!row) return undefined;
    return {
      id: row.id,
      prefix: row.prefix,
      secretHash: row.secretHash,
      userId: row.userId,
      botId: row.botId,
      siteId: row.siteId,
      origin: row.origin,
      expiresAt: Number(row.expiresMs),
      createdAt: Number(row.createdMs),
      siteBotId: row.siteBotId ?? null,
      // SQLite answers 0/1, PostgreSQL a boolean; no bot row at all reads as inactive.
      botActive: row.botActive === true || row.botActive === 1 || row.botActive === '1',
    };
  }

  async deleteForSite(siteId: string): Promise<void> {
    await this.repo.delete({ siteId });
  }

  async purgeExpired(before: number): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .delete()
      .where('expires_ms < :before', { before })
      .execute();
  }
}
