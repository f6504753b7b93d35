import { exportJWK, generateKeyPair, SignJWT, createLocalJWKSet } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KeySource } from './key-source';
import { TokenVerifier } from './token-verifier';

const ISSUER = 'https://issuer.test';

async function setup(cacheSize?: number) {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] });
  let lookups = 0;
  const keys: KeySource = {
    issuer: ISSUER,
    getKey: (...args) => {
      lookups++;
      return jwks(...args);
    },
  };
  const verifier = new TokenVerifier(keys, {
    audience: 'tidings-api',
    clockSkewSeconds: 5,
    ...(cacheSize === undefined ? {} : { cacheSize }),
  });
  const sign = (claims: Record<string, unknown>, expiresIn: string | number) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience('tidings-api')
      .setSubject('u-1')
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(privateKey);
  return { verifier, sign, lookups: () => lookups };
}

describe('TokenVerifier', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('checks a token once and remembers it until it expires', async () => {
    const { verifier, sign, lookups } = await setup();
    const token = await sign({ preferred_username: 'alice', roles: ['user'] }, '60s');
    const first = await verifier.verify(token);
    const again = await verifier.verify(token);
    expect(again).toEqual(first);
    expect(first).toMatchObject({ subject: 'u-1', username: 'alice', roles: ['user'] });
    expect(lookups()).toBe(1);

    // Past exp + skew it is checked again — and refused as expired.
    vi.useFakeTimers({ now: Date.now() + 66_000 });
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'auth.token_expired' });
  });

  it('never remembers a refusal, and forgets the oldest token when full', async () => {
    const { verifier, sign, lookups } = await setup(2);
    const good = await sign({}, '60s');
    const forged = `${good.slice(0, -4)}AAAA`;
    await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'auth.token_signature' });
    await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'auth.token_signature' });
    const [a, b, c] = await Promise.all([
      sign({ n: 1 }, '60s'),
      sign({ n: 2 }, '60s'),
      sign({ n: 3 }, '60s'),
    ]);
    for (const token of [a, b, c]) await verifier.verify(token);
    const before = lookups();
    await verifier.verify(c); // remembered
    await verifier.verify(a); // the oldest, forgotten when c came in
    expect(lookups() - before).toBe(1);
  });
});
