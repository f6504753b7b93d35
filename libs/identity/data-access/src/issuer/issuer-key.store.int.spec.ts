import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { openDatabase } from '@tidings/platform/persistence';
import { importJWK, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuerPersistence } from './issuer-persistence';
import { IssuerKeyStore } from './issuer-key.store';

describe.each(databaseFlavours)('the issuer key store on %s', (flavour) => {
  let db: TestDatabase;
  const open = async () => (await openDatabase({ url: db.url, ...issuerPersistence })).dataSource;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('generates keys once and finds the same ones after a restart', async () => {
    const first = await open();
    const store = new IssuerKeyStore(first);
    const key = await store.currentSigningKey();
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    const cookieKeys = await store.cookieKeys();
    expect(cookieKeys).toHaveLength(1);
    await first.destroy();

    const second = await open(); // a new process, as far as the store can tell
    const again = new IssuerKeyStore(second);
    expect((await again.currentSigningKey()).kid).toBe(key.kid);
    expect(await again.cookieKeys()).toEqual(cookieKeys);
    const [row] = await second.query(`SELECT COUNT(*) AS n FROM identity_signing_keys`);
    expect(Number(row.n)).toBe(1);
    await second.destroy();
  });

  it('agrees on one key when several stores start at once', async () => {
    const dataSource = await open();
    await dataSource.query(`DELETE FROM identity_signing_keys`);
    const stores = Array.from({ length: 4 }, () => new IssuerKeyStore(dataSource));
    const kids = await Promise.all(stores.map(async (s) => (await s.currentSigningKey()).kid));
    expect(new Set(kids).size).toBe(1);
    await dataSource.destroy();
  });

  it('publishes public keys only, which verify what the private key signed', async () => {
    const dataSource = await open();
    const store = new IssuerKeyStore(dataSource);
    const key = await store.currentSigningKey();
    const { keys } = await store.publicJwks();
    expect(keys).toHaveLength(1);
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi'])
      expect(keys[0]).not.toHaveProperty(member);

    const jwt = await new SignJWT({ hello: 'world' })
      .setProtectedHeader({ alg: key.alg, kid: key.kid })
      .sign(await importJWK(key, key.alg));
    const verified = await jwtVerify(jwt, await importJWK(keys[0]!, 'RS256'));
    expect(verified.payload['hello']).toBe('world');
    await dataSource.destroy();
  });

  it('rotates: the new key signs, the old one stays published', async () => {
    const dataSource = await open();
    const before = await new IssuerKeyStore(dataSource).currentSigningKey();
    const rotated = await new IssuerKeyStore(dataSource).rotateSigningKey();
    const store = new IssuerKeyStore(dataSource);
    expect((await store.currentSigningKey()).kid).toBe(rotated.kid);
    expect((await store.publicJwks()).keys.map((k) => k.kid)).toEqual([rotated.kid, before.kid]);
    await dataSource.destroy();
  });
});
