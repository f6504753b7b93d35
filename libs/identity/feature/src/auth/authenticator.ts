import { isRole, type Principal, type Role } from '@tidings/identity/domain';
import type {
  ApiTokenRepository,
  SubjectRecord,
  SubjectRepository,
} from '@tidings/identity/data-access';
import { UnauthenticatedError } from '@tidings/platform/errors';
import { isApiToken, parseApiToken, secretMatches } from './api-token-codec';
import type { TokenVerifier } from './token-verifier';

export interface AuthenticatorOptions {
  /** Record unknown subjects of valid tokens on first sight. */
  jitProvisioning: boolean;
}

/** Writes of "last seen" and "last used" are throttled: one per minute per user or token. */
const TOUCH_INTERVAL_MS = 60_000;

export interface AuthenticatedPrincipal extends Principal {
  /** For bot tokens: the permissions the token was limited to. */
  scopes?: string[];
}

/**
 * Turns a bearer credential into a Principal, or refuses it. JWTs go through the one verifier;
 * bot API tokens through their hash. In both cases the subject must be known (or provisioned)
 * and active, and a JWT must have been issued after the user's last "log out everywhere".
 */
export class Authenticator {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly subjects: SubjectRepository,
    private readonly apiTokens: ApiTokenRepository,
    private readonly options: AuthenticatorOptions,
  ) {}

  async authenticate(authorization: string | undefined): Promise<AuthenticatedPrincipal> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!bearer)
      throw new UnauthenticatedError(
        'auth.missing_token',
        'Send an access token: Authorization: Bearer <token>.',
      );
    return isApiToken(bearer) ? this.fromApiToken(bearer) : this.fromJwt(bearer);
  }

  private async fromJwt(token: string): Promise<AuthenticatedPrincipal> {
    const verified = await this.verifier.verify(token);
    const roles = verified.roles.filter(isRole);
    const subject = await this.subjectOf(
      verified.issuer,
      verified.subject,
      verified.username,
      roles,
    );
    if (!subject.active)
      throw new UnauthenticatedError('auth.user_deactivated', 'This account has been deactivated.');
    if (verified.issuedAt * 1000 < subject.sessionsRevokedAt) {
      throw new UnauthenticatedError(
        'auth.session_revoked',
        'This session was signed out; sign in again.',
      );
    }
    const now = Date.now();
    if (now - subject.lastSeenAt > TOUCH_INTERVAL_MS || !sameRoles(subject.roles, roles)) {
      await this.subjects.touch(subject.id, roles, now);
    }
    return {
      kind: 'user',
      userId: subject.id,
      subject: verified.subject,
      username: subject.username,
      roles,
      issuer: verified.issuer,
    };
  }

  private async subjectOf(
    issuer: string,
    sub: string,
    username: string | undefined,
    roles: Role[],
  ): Promise<SubjectRecord> {
    const bySub = await this.subjects.findByIssuerSubject(issuer, sub);
    if (bySub) return bySub;
    // The same person recreated at the issuer keeps their Tidings identity by username.
    const byName = username ? await this.subjects.findByUsername(issuer, username) : undefined;
    if (byName && byName.kind === 'user') return byName;
    if (!this.options.jitProvisioning) {
      throw new UnauthenticatedError(
        'auth.unknown_user',
        'This account is not provisioned in Tidings.',
      );
    }
    return this.subjects.create({
      kind: 'user',
      issuer,
      subject: sub,
      username: username ?? sub,
      displayName: null,
      roles,
    });
  }

  private async fromApiToken(bearer: string): Promise<AuthenticatedPrincipal> {
    const refused = new UnauthenticatedError(
      'auth.api_token_invalid',
      'The API token is unknown, revoked or expired.',
    );
    const parsed = parseApiToken(bearer);
    if (!parsed) throw refused;
    const token = await this.apiTokens.findByPrefix(parsed.prefix);
    if (!token || !secretMatches(parsed.secret, token.secretHash)) throw refused;
    const now = Date.now();
    if (token.revokedAt !== null || (token.expiresAt !== null && token.expiresAt <= now))
      throw refused;
    const bot = await this.subjects.findById(token.botId);
    if (!bot || !bot.active)
      throw new UnauthenticatedError('auth.user_deactivated', 'This bot has been deactivated.');
    if (token.lastUsedAt === null || now - token.lastUsedAt > TOUCH_INTERVAL_MS)
      await this.apiTokens.markUsed(token.id, now);
    return {
      kind: 'bot',
      userId: bot.id,
      subject: bot.subject,
      username: bot.username,
      roles: bot.roles,
      issuer: bot.issuer,
      tokenId: token.id,
      scopes: token.scopes,
    };
  }
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}
