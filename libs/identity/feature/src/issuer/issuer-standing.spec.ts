import type { Standing } from '@tidings/identity/domain';
import type { FindAccount, KoaContextWithOIDC } from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import { interactionPolicyWithStanding, signedInAt, type StandingLookup } from './issuer-standing';

/**
 * The glue between identity's standing and oidc-provider: which time a sign-in began at, and
 * the extra login check. The provider itself runs in apps/tidings-e2e (reactivation suite).
 */
type Token = NonNullable<Parameters<FindAccount>[2]>;
const REVOKED_AT_S = 1_780_000_000;

const lookup =
  (standing: Standing | undefined): StandingLookup =>
  async () =>
    standing;

const ctxWithSession = (session: { accountId?: string; loginTs?: number } | undefined) =>
  ({ oidc: { session } }) as unknown as KoaContextWithOIDC;

describe('signedInAt', () => {
  it('takes the start of a refresh-token chain, not the last rotation', () => {
    const rotated = { iat: REVOKED_AT_S + 100, iiat: REVOKED_AT_S - 100 } as unknown as Token;
    expect(signedInAt(undefined, rotated)).toBe(REVOKED_AT_S - 100);
  });

  it("takes a code's or access token's iat, else the browser session's login time", () => {
    expect(signedInAt(undefined, { iat: 42 } as unknown as Token)).toBe(42);
    expect(signedInAt(ctxWithSession({ accountId: 'a', loginTs: 7 }), undefined)).toBe(7);
    expect(signedInAt(ctxWithSession(undefined), undefined)).toBeUndefined();
  });
});

describe('the login prompt with standing', () => {
  const check = (standing: Standing | undefined) => {
    const login = interactionPolicyWithStanding(lookup(standing)).get('login');
    const found = login?.checks.get('session_revoked');
    if (!found) throw new Error('no session_revoked check');
    return (session: { accountId?: string; loginTs?: number } | undefined) =>
      found.check(ctxWithSession(session));
  };
  const active: Standing = {
    active: true,
    sessionsRevokedAt: REVOKED_AT_S * 1000,
    statusChangedAt: null,
  };

  it('asks a browser session from before the revocation to sign in again', async () => {
    expect(await check(active)({ accountId: 'a', loginTs: REVOKED_AT_S - 1 })).toBe(true);
    expect(await check(active)({ accountId: 'a', loginTs: REVOKED_AT_S })).toBe(false);
  });

  it('asks the deactivated to sign in (where the password is then refused)', async () => {
    const off = { ...active, active: false };
    expect(await check(off)({ accountId: 'a', loginTs: REVOKED_AT_S + 60 })).toBe(true);
  });

  it('leaves alone a request without a signed-in session, or a person never seen', async () => {
    expect(await check(active)(undefined)).toBe(false);
    expect(await check(active)({})).toBe(false);
    expect(await check(undefined)({ accountId: 'a', loginTs: 1 })).toBe(false);
  });

  it("keeps oidc-provider's own login checks", () => {
    const reasons = interactionPolicyWithStanding(lookup(undefined))
      .get('login')
      ?.checks.map((c) => c.reason);
    expect(reasons).toEqual(expect.arrayContaining(['no_session', 'max_age', 'session_revoked']));
  });
});
