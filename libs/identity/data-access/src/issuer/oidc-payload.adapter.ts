import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { DataSource } from 'typeorm';
import { OidcPayloadEntity, type OidcPayloadRow } from './issuer.entities';

/**
 * oidc-provider's storage (sessions, grants, codes, refresh tokens, interactions…) in
 * `identity_oidc_payloads`, one adapter per model name. Every call is one statement, so no
 * transaction is needed — and on SQLite each statement simply waits its turn behind any
 * open transaction (platform/persistence sqlite-serial.ts).
 *
 * Expiry is checked on read rather than trusted to a sweep, so an expired code or session
 * is gone the moment it expires; `purgeExpiredOidcPayloads` only reclaims space.
 */
export class TypeOrmOidcAdapter implements Adapter {
  constructor(
    private readonly dataSource: DataSource,
    readonly model: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private get repo() {
    return this.dataSource.getRepository(OidcPayloadEntity);
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const row: OidcPayloadRow = {
      model: this.model,
      id,
      payload: JSON.stringify(payload),
      grantId: payload.grantId ?? null,
      userCode: payload.userCode ?? null,
      uid: payload.uid ?? null,
      expiresAt: expiresIn ? new Date(this.clock().getTime() + expiresIn * 1000) : null,
      consumedAt: null,
    };
    await this.repo
      .createQueryBuilder()
      .insert()
      .values(row)
      .orUpdate(
        ['payload', 'grant_id', 'user_code', 'uid', 'expires_at', 'consumed_at'],
        ['model', 'id'],
      )
      .execute();
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.live(await this.repo.findOneBy({ model: this.model, id }));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.live(await this.repo.findOneBy({ model: this.model, uid }));
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.live(await this.repo.findOneBy({ model: this.model, userCode }));
  }

  async consume(id: string): Promise<void> {
    await this.repo.update({ model: this.model, id }, { consumedAt: this.clock() });
  }

  async destroy(id: string): Promise<void> {
    await this.repo.delete({ model: this.model, id });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.repo.delete({ model: this.model, grantId });
  }

  private live(row: OidcPayloadRow | null): AdapterPayload | undefined {
    if (!row) return undefined;
    if (row.expiresAt && row.expiresAt.getTime() <= this.clock().getTime()) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    // oidc-provider recognizes a consumed code or token by a truthy `consumed` (epoch s).
    return row.consumedAt
      ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) }
      : payload;
  }
}

/** The `adapter` option for oidc-provider: one adapter per model, all in one table. */
export function oidcAdapterFactory(dataSource: DataSource): (model: string) => Adapter {
  return (model) => new TypeOrmOidcAdapter(dataSource, model);
}

/** Deletes rows that expired before `now`; returns how many. */
export async function purgeExpiredOidcPayloads(
  dataSource: DataSource,
  now: Date = new Date(),
): Promise<number> {
  const metadata = dataSource.getMetadata(OidcPayloadEntity);
  const column = metadata.findColumnWithPropertyName('expiresAt');
  if (!column) throw new Error('identity_oidc_payloads has no expires_at column');
  // The driver formats the instant as it stores it (text on SQLite, timestamptz on PG).
  const cutoff: unknown = dataSource.driver.preparePersistentValue(now, column);
  const result = await dataSource
    .createQueryBuilder()
    .delete()
    .from(OidcPayloadEntity)
    .where('expires_at IS NOT NULL AND expires_at < :cutoff', { cutoff })
    .execute();
  return result.affected ?? 0;
}
