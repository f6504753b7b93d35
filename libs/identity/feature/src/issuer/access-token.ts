import { randomUUID } from 'node:crypto';
import { tokenCreatedV1 } from '@tidings/contracts';
import {
  accountRepository,
  type Account,
  type IssuerKeyStore,
  type ManagerScope,
  type PrivateSigningJwk,
} from '@tidings/identity/data-access';
import type { TransactionRunner } from '@tidings/platform/bus';
import { NotFoundError, ValidationError } from '@tidings/platform/errors';
import { importJWK, SignJWT } from 'jose';
import { normalizeUsername } from './accounts.actions';

/**
 * The claims Tidings puts into every access token it issues for an account, beside the
 * registered ones: the provider's tokens (via extraTokenClaims) and the CLI's carry the same.
 */
export function accessTokenClaims(account: Account): {
  preferred_username: string;
  roles: string[];
} {
  return { preferred_username: account.username, roles: [...account.roles] };
}

/** An operator-issued token is short-lived by design: a day at most. */
export const MAX_OPERATOR_TOKEN_TTL_SECONDS = 24 * 60 * 60;

/** The `client_id` of tokens made by `tidings token issue` (no OAuth client involved). */
export const OPERATOR_CLIENT_ID = 'tidings-cli';

export interface OperatorTokenRequest {
  username: string;
  ttlSeconds: number;
  /** Who asked, for the event (`cli:<os user>`). */
  createdBy: string;
}

export interface IssuedOperatorToken {
  token: string;
  tokenId: string;
  account: Account;
  expiresAt: Date;
}

/**
 * `tidings token issue`: an access token for a user, signed with the built-in issuer's current
 * key and shaped like the provider's own JWT access tokens (same `iss`, `aud`, claims, `kid`,
 * `typ: at+jwt`), so the API cannot tell them apart. The event names the token, never holds it.
 */
export class OperatorTokenActions {
  constructor(
    private readonly reads: ManagerScope,
    private readonly runner: TransactionRunner,
    private readonly keys: IssuerKeyStore,
    private readonly issuer: { issuer: string; audience: string },
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async issue(request: OperatorTokenRequest): Promise<IssuedOperatorToken> {
    if (
      !Number.isInteger(request.ttlSeconds) ||
      request.ttlSeconds < 1 ||
      request.ttlSeconds > MAX_OPERATOR_TOKEN_TTL_SECONDS
    ) {
      throw new ValidationError(
        'the token lifetime is out of range',
        [{ path: 'ttl', message: 'expected 1 second to 24 hours' }],
        'identity.token.ttl_invalid',
      );
    }
    const username = normalizeUsername(request.username);
    const account = username
      ? await accountRepository(this.reads).findByUsername(username)
      : undefined;
    if (!account || account.disabled) {
      throw new NotFoundError(
        'identity.account.not_found',
        `no active account named "${request.username}"`,
      );
    }
    const now = this.clock();
    const tokenId = randomUUID();
    const expiresAt = new Date(now.getTime() + request.ttlSeconds * 1000);
    const token = await signAccessToken(await this.keys.currentSigningKey(), {
      ...this.issuer,
      account,
      tokenId,
      issuedAt: now,
      expiresAt,
    });
    await this.runner.run(async (tx) => {
      tx.publish(tokenCreatedV1, {
        key: account.id,
        actor: { kind: 'system', id: request.createdBy },
        data: {
          tokenId,
          kind: 'operator_access',
          subjectId: account.id,
          subjectName: account.username,
          prefix: null,
          scopes: [],
          expiresAt: expiresAt.toISOString(),
          createdBy: request.createdBy,
        },
      });
    });
    return { token, tokenId, account, expiresAt };
  }
}

async function signAccessToken(
  key: PrivateSigningJwk,
  claims: {
    issuer: string;
    audience: string;
    account: Account;
    tokenId: string;
    issuedAt: Date;
    expiresAt: Date;
  },
): Promise<string> {
  const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
  return new SignJWT({ ...accessTokenClaims(claims.account), client_id: OPERATOR_CLIENT_ID })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
    .setIssuer(claims.issuer)
    .setSubject(claims.account.id)
    .setAudience(claims.audience)
    .setJti(claims.tokenId)
    .setIssuedAt(seconds(claims.issuedAt))
    .setExpirationTime(seconds(claims.expiresAt))
    .sign(await importJWK(key, key.alg));
}
