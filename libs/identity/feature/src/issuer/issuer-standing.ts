import { signInRefused, type Standing } from '@tidings/identity/domain';
import { TypeOrmSubjectRepository, type ManagerScope } from '@tidings/identity/data-access';
import { interactionPolicy, type FindAccount, type KoaContextWithOIDC } from 'oidc-provider';
import type { DataSource } from 'typeorm';

/** The standing of the person behind an issuer account; undefined = identity never saw them. */
export type StandingLookup = (
  accountId: string,
  scope?: ManagerScope,
) => Promise<Standing | undefined>;

/**
 * Reads identity's own subjects — the record deactivation, reactivation and "log out
 * everywhere" write — so the issuer refuses what the API would refuse anyway. An account's
 * id is its tokens' `sub`, which the subject reuses as its id; the (issuer, sub) pair is the
 * exact match, the id the fallback (a subject first seen under another PUBLIC_URL).
 * Inside a transaction, pass its scope: on SQLite a read outside would wait for it forever.
 */
export function subjectStandings(dataSource: DataSource, issuer: string): StandingLookup {
  return async (accountId, scope) => {
    const subjects = new TypeOrmSubjectRepository(dataSource, scope?.manager);
    return (
      (await subjects.findByIssuerSubject(issuer, accountId)) ??
      (await subjects.findById(accountId))
    );
  };
}

type TokenOf<F> = F extends (ctx: never, sub: string, token?: infer T) => unknown ? T : never;

/**
 * When the sign-in behind what oidc-provider is looking at began, in epoch seconds: a
 * refresh token's chain (`iiat` survives rotation), a code's or token's `iat`, or — with no
 * token, during authorization — the browser session's login time.
 */
export function signedInAt(
  ctx: KoaContextWithOIDC | undefined,
  token: TokenOf<FindAccount> | undefined,
): number | undefined {
  if (token) {
    const initial = (token as { iiat?: unknown }).iiat;
    return typeof initial === 'number' ? initial : token.iat;
  }
  return ctx?.oidc?.session?.loginTs;
}

/**
 * The login prompt, plus one check: a browser session at the issuer that began before the
 * person's sessions were revoked (deactivation, "log out everywhere"), or whose person is
 * deactivated, must sign in again. Without it such a session would skip the login page —
 * and, `findAccount` refusing its account, reach a grant that was never loaded.
 */
export function interactionPolicyWithStanding(standing: StandingLookup) {
  const policy = interactionPolicy.base();
  const login = policy.get('login');
  if (!login) throw new Error("oidc-provider's base policy has no login prompt");
  login.checks.add(
    new interactionPolicy.Check(
      'session_revoked',
      'End-User must sign in again',
      'login_required',
      async (ctx) => {
        const session = ctx.oidc.session;
        if (!session?.accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
        return signInRefused(await standing(session.accountId), session.loginTs);
      },
    ),
  );
  return policy;
}
