import { randomUUID } from 'node:crypto';
import { widgetTokenIssuedV1 } from '@tidings/contracts';
import { normalizeOrigin, WIDGET_TOKEN_TTL } from '@tidings/identity/domain';
import {
  accountRepository,
  TypeOrmSubjectRepository,
  TypeOrmWidgetSiteRepository,
  TypeOrmWidgetTokenRepository,
  type SubjectRecord,
  type WidgetTokenRecord,
} from '@tidings/identity/data-access';
import type { Tx, TransactionRunner } from '@tidings/platform/bus';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '@tidings/platform/errors';
import type { DataSource } from 'typeorm';
import { generateWidgetToken } from '../auth/api-token-codec';
import type { AuthenticatedPrincipal } from '../auth/authenticator';
import { originInvalid } from './widget-site.actions';

export interface WidgetTokenRequest {
  username: string;
  origin: string;
  /** WIDGET_TOKEN_TTL.min … max; checked by the route's schema. */
  ttlSeconds: number;
}

export interface IssuedWidgetToken {
  token: string;
  tokenType: 'Bearer';
  expiresAt: string;
  userId: string;
  origin: string;
}

export interface WidgetTokenOptions {
  /** The issuer people sign in at (the verifier's): subjects are looked up under it. */
  issuer: string;
  /** OIDC_JIT_PROVISIONING: a person identity has never seen may be recorded now. */
  jitProvisioning: boolean;
}

/**
 * Expired rows are kept this long before they are purged, so a widget presenting a token that
 * just ran out is told `auth.token_expired` (fetch a new one), not that it is unknown.
 */
const EXPIRED_ROWS_KEPT_MS = 3_600_000;

/** A subject created for a person before their first sign-in, when no `sub` is known yet. */
const placeholderSubject = (username: string) => `urn:tidings:widget:${username}`;

/**
 * Widget tokens (docs/widget.md): a host system's backend — a bot whose token carries the
 * opt-in scope `widget.tokens.issue` — signs one of its people into the widget on one of the
 * bot's own sites. One transaction stores the token's hash and publishes its event.
 */
export class WidgetTokenActions {
  private readonly sites: TypeOrmWidgetSiteRepository;
  private readonly subjects: TypeOrmSubjectRepository;
  private readonly tokens: TypeOrmWidgetTokenRepository;

  constructor(
    dataSource: DataSource,
    private readonly runner: TransactionRunner,
    private readonly options: WidgetTokenOptions,
  ) {
    this.sites = new TypeOrmWidgetSiteRepository(dataSource);
    this.subjects = new TypeOrmSubjectRepository(dataSource);
    this.tokens = new TypeOrmWidgetTokenRepository(dataSource);
  }

  async issue(request: WidgetTokenRequest, by: AuthenticatedPrincipal): Promise<IssuedWidgetToken> {
    const origin = normalizeOrigin(request.origin);
    if (!origin) throw originInvalid();
    const ttl = Math.trunc(request.ttlSeconds);
    if (!(ttl >= WIDGET_TOKEN_TTL.min && ttl <= WIDGET_TOKEN_TTL.max)) {
      throw new ValidationError(
        `Widget tokens live ${WIDGET_TOKEN_TTL.min} to ${WIDGET_TOKEN_TTL.max} seconds.`,
        [{ path: 'body.ttlSeconds', message: 'out of range' }],
      );
    }
    return this.runner.run(async (tx) => {
      const site = await this.sites.within(tx.manager).findByOrigin(origin);
      // Only a bot mints, and only for its own sites: a service account owns none, and one
      // integration must not sign people into another's pages.
      if (by.kind !== 'bot' || !site || site.botId !== by.userId) {
        throw new ForbiddenError(
          'widget.origin_not_allowed',
          `${origin} is not a widget site of this bot.`,
        );
      }
      const person = await this.personNamed(request.username.trim(), tx);
      if (!person.active)
        throw new ConflictError('widget.user_deactivated', 'This person has been deactivated.');
      const now = Date.now();
      const secret = generateWidgetToken();
      const record: WidgetTokenRecord = {
        id: randomUUID(),
        prefix: secret.prefix,
        secretHash: secret.secretHash,
        userId: person.id,
        botId: by.userId,
        siteId: site.id,
        origin,
        expiresAt: now + ttl * 1000,
        createdAt: now,
      };
      const tokens = this.tokens.within(tx.manager);
      await tokens.purgeExpired(now - EXPIRED_ROWS_KEPT_MS);
      await tokens.insert(record);
      const expiresAt = new Date(record.expiresAt).toISOString();
      tx.publish(widgetTokenIssuedV1, {
        key: person.id,
        actor: { kind: 'bot', id: by.userId },
        data: { tokenId: record.id, userId: person.id, botId: by.userId, origin, expiresAt },
      });
      return { token: secret.token, tokenType: 'Bearer', expiresAt, userId: person.id, origin };
    });
  }

  /**
   * The person's identity subject at the issuer people sign in at, found by username as the
   * Authenticator finds someone whose `sub` it does not know. Someone never seen is recorded
   * now when provisioning is on — with their built-in issuer account's id as `sub` when they
   * have one (what their first sign-in would record), else a placeholder — so their later
   * sign-in finds this same subject and they keep one Tidings id.
   */
  private async personNamed(username: string, tx: Tx): Promise<SubjectRecord> {
    const subjects = this.subjects.within(tx.manager);
    const { issuer, jitProvisioning } = this.options;
    const known = await subjects.findByUsername(issuer, username);
    if (known?.kind === 'user') return known;
    if (!jitProvisioning || known)
      throw new NotFoundError('widget.user_unknown', `No person named ${username} is known.`);
    const account = await accountRepository(tx).findByUsername(username);
    return subjects.create({
      kind: 'user',
      issuer,
      subject: account?.id ?? placeholderSubject(username),
      username,
      displayName: null,
      roles: ['user'],
    });
  }
}
