import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { openDatabase } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuerPersistence } from './issuer-persistence';
import { purgeExpiredOidcPayloads, TypeOrmOidcAdapter } from './oidc-payload.adapter';

describe.each(databaseFlavours)('the oidc-provider adapter on %s', (flavour) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let now = new Date('2026-03-01T12:00:00Z');
  const clock = () => now;
  const adapter = (model: string) => new TypeOrmOidcAdapter(dataSource, model, clock);

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    ({ dataSource } = await openDatabase({ url: db.url, ...issuerPersistence }));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db.drop();
  });

  it('stores, finds, updates and destroys a payload', async () => {
    const sessions = adapter('Session');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'acc', kind: 'Session' }, 3600);
    expect(await sessions.find('s1')).toEqual({ uid: 'u1', accountId: 'acc', kind: 'Session' });
    expect(await sessions.findByUid('u1')).toMatchObject({ accountId: 'acc' });

    await sessions.upsert('s1', { uid: 'u1', accountId: 'other', kind: 'Session' }, 3600);
    expect(await sessions.find('s1')).toMatchObject({ accountId: 'other' });

    await sessions.destroy('s1');
    expect(await sessions.find('s1')).toBeUndefined();
    expect(await sessions.findByUid('u1')).toBeUndefined();
  });

  it('keeps models apart even when ids collide', async () => {
    await adapter('AuthorizationCode').upsert('same', { kind: 'AuthorizationCode' }, 60);
    await adapter('RefreshToken').upsert('same', { kind: 'RefreshToken' }, 60);
    expect(await adapter('AuthorizationCode').find('same')).toEqual({ kind: 'AuthorizationCode' });
    expect(await adapter('RefreshToken').find('same')).toEqual({ kind: 'RefreshToken' });
  });

  it('marks a code consumed, with the time oidc-provider expects', async () => {
    const codes = adapter('AuthorizationCode');
    await codes.upsert('c1', { kind: 'AuthorizationCode', grantId: 'g1' }, 60);
    expect((await codes.find('c1'))?.consumed).toBeUndefined();
    await codes.consume('c1');
    expect((await codes.find('c1'))?.consumed).toBe(Math.floor(now.getTime() / 1000));
  });

  it('finds device codes by user code', async () => {
    const devices = adapter('DeviceCode');
    await devices.upsert('d1', { kind: 'DeviceCode', userCode: 'ABCD-EFGH' }, 600);
    expect(await devices.findByUserCode('ABCD-EFGH')).toMatchObject({ kind: 'DeviceCode' });
    expect(await devices.findByUserCode('ZZZZ-ZZZZ')).toBeUndefined();
  });

  it('revokes everything of one grant in one model, and nothing else', async () => {
    const tokens = adapter('RefreshToken');
    await tokens.upsert('r1', { grantId: 'grant-a' }, 3600);
    await tokens.upsert('r2', { grantId: 'grant-a' }, 3600);
    await tokens.upsert('r3', { grantId: 'grant-b' }, 3600);
    await adapter('AccessToken').upsert('a1', { grantId: 'grant-a' }, 3600);
    await tokens.revokeByGrantId('grant-a');
    expect(await tokens.find('r1')).toBeUndefined();
    expect(await tokens.find('r2')).toBeUndefined();
    expect(await tokens.find('r3')).toEqual({ grantId: 'grant-b' });
    expect(await adapter('AccessToken').find('a1')).toEqual({ grantId: 'grant-a' });
  });

  it('hides expired payloads at once and purges them later', async () => {
    const interactions = adapter('Interaction');
    await interactions.upsert('i-short', { uid: 'i-short' }, 60);
    await interactions.upsert('i-long', { uid: 'i-long' }, 3600);
    await interactions.upsert('i-forever', { uid: 'i-forever' });
    now = new Date(now.getTime() + 61_000);
    expect(await interactions.find('i-short')).toBeUndefined();
    expect(await interactions.find('i-long')).toEqual({ uid: 'i-long' });

    const purged = await purgeExpiredOidcPayloads(dataSource, now);
    expect(purged).toBeGreaterThanOrEqual(1);
    const [row] = await dataSource.query(
      `SELECT COUNT(*) AS n FROM identity_oidc_payloads WHERE id IN ('i-short', 'i-long', 'i-forever')`,
    );
    expect(Number(row.n)).toBe(2);
  });

  it('round-trips large and non-ASCII payloads', async () => {
    const grants = adapter('Grant');
    const payload = { openid: { scope: 'openid profile' }, note: '你好'.repeat(5000) };
    await grants.upsert('big', payload, 3600);
    expect(await grants.find('big')).toEqual(payload);
  });
});
