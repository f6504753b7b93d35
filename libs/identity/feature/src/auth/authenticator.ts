import { isRole, WIDGET_TOKEN_SCOPES, type Principal, type Role } from '@tidings/identity/domain';
import type {
  ApiTokenRepository,
  SubjectRecord,
  SubjectRepository,
  WidgetTokenRepository,
} from '@tidings/identity/data-access';
import { UnauthenticatedError } from '@tidings/platform/errors';
import {
  isApiToken,
  isWidgetToken,
  parseApiToken,
  parseWidgetToken,
  secretMatches,
} from './api-token-codec';
import type { TokenVerifier } from './token-verifier';

export interface AuthenticatorOptions {
  /** Record unknown subjects of valid tokens on first sight. */
  jitProvisioning: boolean;
}

/** Writes of "last seen" and "last used" are throttled: one per minute per user or token. */
const TOUCH_INTERVAL_MS = 60_000;

export interface AuthenticatedPrincipal extends Principal {
  /**
   * For bot and widget tokens: the permissions the token is limited to, on top of its roles.
   * Every check honours them: the AuthGuard, the gateway's frames, messaging's moderation.
   */
  scopes?: string[];
}

/**
 * Turns a bearer credential into a Principal, or refuses it. JWTs go through the one verifier;
 * bot API tokens and widget tokens through their hash. In every case the subject must be known
 * (or provisioned) and active, and a JWT or widget token must have been issued after the
 * user's last "log out everywhere".
 */
export class Authenticator {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly subjects: SubjectRepository,
    private readonly apiTokens: ApiTokenRepository,
    private readonly options: AuthenticatorOptions,
    /** Absent: `tdw_` tokens are refused like any unknown token (tests without the widget). */
    private readonly widgetTokens?: WidgetTokenRepository,
  ) {}

  async authenticate(authorization: string | undefined): Promise<AuthenticatedPrincipal> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!bearer)
      throw new UnauthenticatedError(
        'auth.missing_token',
        'Send an access token: Authorization: Bearer <token>.',
      );
    if (isApiToken(bearer)) return this.fromApiToken(bearer);
    if (isWidgetToken(bearer)) return this.fromWidgetToken(bearer);
    return this.fromJwt(bearer);
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

  /**
   * A widget token acts as its person, with the widget's scopes, until it expires — and only
   * while everything it was minted under still holds: the person active and not signed out
   * everywhere since, the site still there and still its bot's, the bot active. Each refusal
   * has its own code so the widget knows whether a fresh token can help (`token_expired`).
   */
  private async fromWidgetToken(bearer: string): Promise<AuthenticatedPrincipal> {
    const invalid = new UnauthenticatedError(
      'auth.widget_token_invalid',
      'The widget token is unknown, or its site or bot no longer allows it.',
    );
    const parsed = parseWidgetToken(bearer);
    if (!parsed || !this.widgetTokens) throw invalid;
    const token = await this.widgetTokens.findByPrefix(parsed.prefix);
    if (!token || !secretMatches(parsed.secret, token.secretHash)) throw invalid;
    if (token.expiresAt <= Date.now())
      throw new UnauthenticatedError('auth.token_expired', 'The widget token has expired.');
    if (token.siteBotId !== token.botId || !token.botActive) throw invalid;
    const user = await this.subjects.findById(token.userId);
    if (!user || !user.active)
      throw new UnauthenticatedError('auth.user_deactivated', 'This account has been deactivated.');
    if (token.createdAt < user.sessionsRevokedAt) {
      throw new UnauthenticatedError(
        'auth.session_revoked',
        'This session was signed out; sign in again.',
      );
    }
    return {
      kind: 'user',
      userId: user.id,
      subject: user.subject,
      username: user.username,
      // Whatever else the person may do elsewhere, through a widget they are a plain user.
      roles: ['user'],
      issuer: user.issuer,
      tokenId: token.id,
      scopes: [...WIDGET_TOKEN_SCOPES],
      widget: { origin: token.origin, expiresAt: token.expiresAt },
    };
  }
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}
