import type { DataSource, EntityManager } from 'typeorm';
import { ApiTokenEntity, type ApiTokenRow } from './api-token.entity';
import type { ApiTokenRecord, ApiTokenRepository } from './api-token';

const num = (v: string | number | null) => (v === null ? null : Number(v));

function toRecord(row: ApiTokenRow): ApiTokenRecord {
  return {
    id: row.id,
    botId: row.botId,
    prefix: row.prefix,
    secretHash: row.secretHash,
    scopes: JSON.parse(row.scopes) as string[],
    createdBy: row.createdBy,
    createdAt: Number(row.createdMs),
    expiresAt: num(row.expiresMs),
    lastUsedAt: num(row.lastUsedMs),
    revokedAt: num(row.revokedMs),
  };
}

export class TypeOrmApiTokenRepository implements ApiTokenRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly manager?: EntityManager,
  ) {}

  within(manager: EntityManager): TypeOrmApiTokenRepository {
    return new TypeOrmApiTokenRepository(this.dataSource, manager);
  }

  private get repo() {
    return (this.manager ?? this.dataSource.manager).getRepository(ApiTokenEntity);
  }

  async insert(token: ApiTokenRecord): Promise<void> {
    await this.repo.insert({
      id: token.id,
      botId: token.botId,
      prefix: token.prefix,
      secretHash: token.secretHash,
      scopes: JSON.stringify(token.scopes),
      createdBy: token.createdBy,
      createdMs: token.createdAt,
      expiresMs: token.expiresAt,
      lastUsedMs: token.lastUsedAt,
      revokedMs: token.revokedAt,
    });
  }

  async findByPrefix(prefix: string) {
    const row = await this.repo.findOneBy({ prefix });
    return row ? toRecord(row) : undefined;
  }

  async findById(id: string) {
    const row = await this.repo.findOneBy({ id });
    return row ? toRecord(row) : undefined;
  }

  async listForBot(botId: string) {
    return (await this.repo.find({ where: { botId }, order: { createdMs: 'ASC' } })).map(toRecord);
  }

  async markUsed(id: string, at: number) {
    await this.repo.update({ id }, { lastUsedMs: at });
  }

  async revoke(id: string, at: number) {
    await this.repo.update({ id }, { revokedMs: at });
  }
}
