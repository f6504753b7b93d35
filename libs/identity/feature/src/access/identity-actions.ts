import { randomUUID } from 'node:crypto';
import {
  botCreatedV1,
  sessionRevokedV1,
  tokenCreatedV1,
  tokenRevokedV1,
  type Actor,
} from '@tidings/contracts';
import {
  grantableScopes,
  onDeactivated,
  onReactivated,
  tokenScopes,
  type Principal,
  type ScopeRefusal,
  type StandingChange,
} from '@tidings/identity/domain';
import {
  TypeOrmApiTokenRepository,
  TypeOrmSubjectRepository,
  type ApiTokenRecord,
  type SubjectRecord,
} from '@tidings/identity/data-access';
import type { TransactionRunner } from '@tidings/platform/bus';
import {
  ConflictError,
  DomainError,
  NotFoundError,
  ValidationError,
} from '@tidings/platform/errors';
import type { DataSource } from 'typeorm';
import { generateApiToken } from '../auth/api-token-codec';

/**
 * What a bot token may carry — everything the `integration` role grants — and what it gets
 * when its creator names no scopes (docs/integrations-bots.md).
 */
export const BOT_TOKEN_SCOPES: readonly string[] = grantableScopes(['integration']);

/** The issuer recorded for bots: they are Tidings' own subjects, not any OIDC issuer's. */
export const BOT_ISSUER = 'urn:tidings:bots';

const actorOf = (p: Principal): Actor => ({
  kind: p.kind === 'bot' ? 'bot' : 'user',
  id: p.userId,
});

/**
 * Identity's one write path: every change of access state commits together with its event.
 */
export class IdentityActions {
  private readonly subjects: TypeOrmSubjectRepository;
  private readonly tokens: TypeOrmApiTokenRepository;

  constructor(
    dataSource: DataSource,
    private readonly runner: TransactionRunner,
  ) {
    this.subjects = new TypeOrmSubjectRepository(dataSource);
    this.tokens = new TypeOrmApiTokenRepository(dataSource);
  }

  /** "Log out everywhere": tokens issued before now are refused from the next request on. */
  async revokeSessions(
    userId: string,
    actor: Actor,
    reason: 'logout_everywhere' | 'admin',
  ): Promise<SubjectRecord> {
    return this.runner.run(async (tx) => {
      const subjects = this.subjects.within(tx.manager);
      if (!(await subjects.findById(userId)))
        throw new NotFoundError('identity.user.not_found', 'No such user.');
      const updated = await subjects.revokeSessions(userId, Date.now());
      tx.publish(sessionRevokedV1, {
        key: userId,
        actor,
        data: { userId, sessionVersion: updated.sessionVersion, reason },
      });
      return updated;
    });
  }

  /**
   * Directory deactivated the person at `occurredAt` (epoch ms, the event's time): refuse all
   * their tokens from now on. Idempotent. A deactivation older than a reactivation already
   * applied (redelivered, or handled late by its consumer group) leaves the person active but
   * still voids what was issued before it (see the domain's `onDeactivated`).
   */
  async deactivate(
    userId: string,
    username: string,
    actor: Actor,
    occurredAt: number = Date.now(),
  ): Promise<SubjectRecord[]> {
    return this.applyStatus(userId, username, actor, (s) =>
      onDeactivated(s, occurredAt, Date.now()),
    );
  }

  /**
   * Directory reactivated the person at `occurredAt`: tokens issued from now on work again.
   * Only the deactivated state is cleared — the revocation instant (and session version)
   * deactivation set stay, so everything issued before the deactivation stays refused, and a
   * stale reactivation (older than a later deactivation) changes nothing. No event: the
   * directory's own is the record, and nobody needs to react to an account working again.
   */
  async reactivate(
    userId: string,
    username: string,
    actor: Actor,
    occurredAt: number = Date.now(),
  ): Promise<SubjectRecord[]> {
    return this.applyStatus(userId, username, actor, (s) => onReactivated(s, occurredAt));
  }

  /**
   * The directory's id is Tidings' id when the person signed in through a token whose `sub`
   * it is; otherwise they are found by username (an LDAP-synced person signing in at
   * Keycloak, a local account at the built-in issuer). Returns the subjects whose access
   * changed (a moved watermark alone is bookkeeping, not a change anyone acts on).
   */
  private applyStatus(
    userId: string,
    username: string,
    actor: Actor,
    decide: (subject: SubjectRecord) => StandingChange | undefined,
  ): Promise<SubjectRecord[]> {
    return this.runner.run(async (tx) => {
      const subjects = this.subjects.within(tx.manager);
      const byId = await subjects.findByIdForUpdate(userId);
      const targets = byId ? [byId] : await subjects.findUsersNamedForUpdate(username);
      const updated: SubjectRecord[] = [];
      for (const subject of targets) {
        const change = decide(subject);
        if (!change) continue;
        const record = await subjects.applyStanding(subject.id, change);
        if (change.revokeSessionsAt !== undefined) {
          tx.publish(sessionRevokedV1, {
            key: subject.id,
            actor,
            data: {
              userId: subject.id,
              sessionVersion: record.sessionVersion,
              reason: 'deactivated',
            },
          });
        }
        if (change.active !== undefined || change.revokeSessionsAt !== undefined)
          updated.push(record);
      }
      return updated;
    });
  }

  /** With its event: messaging learns the bot's name to show on its messages. */
  async createBot(
    username: string,
    displayName: string | null,
    by: Principal,
  ): Promise<SubjectRecord> {
    return this.runner.run(async (tx) => {
      const subjects = this.subjects.within(tx.manager);
      if (await subjects.findByUsername(BOT_ISSUER, username)) {
        throw new ConflictError('identity.bot.exists', `A bot named ${username} already exists.`);
      }
      const bot = await subjects.create({
        kind: 'bot',
        issuer: BOT_ISSUER,
        subject: `bot:${username}`,
        username,
        displayName,
        roles: ['integration'],
      });
      tx.publish(botCreatedV1, {
        key: bot.id,
        actor: actorOf(by),
        data: { botId: bot.id, username, displayName, createdBy: by.userId },
      });
      return bot;
    });
  }

  /**
   * Creates an API token for a bot. The token is returned once and never stored. `scopes`
   * narrows it to some of what the bot's roles grant (absent: all of it); a scope beyond
   * them is refused (422) — a token never widens its bot.
   */
  async createBotToken(
    botId: string,
    expiresInDays: number | null,
    by: Principal,
    requestedScopes?: readonly string[],
  ): Promise<{ token: string; record: ApiTokenRecord }> {
    if (expiresInDays !== null && (expiresInDays < 1 || expiresInDays > 3650)) {
      throw new ValidationError('Tokens expire after 1 to 3650 days.', [
        { path: 'body.expiresInDays', message: 'out of range' },
      ]);
    }
    return this.runner.run(async (tx) => {
      const bot = await this.subjects.within(tx.manager).findById(botId);
      if (!bot || bot.kind !== 'bot')
        throw new NotFoundError('identity.bot.not_found', 'No such bot.');
      const scopes = tokenScopes(bot.roles, requestedScopes);
      if ('refused' in scopes) throw scopeRefused(scopes.refused);
      const secret = generateApiToken();
      const now = Date.now();
      const record: ApiTokenRecord = {
        id: randomUUID(),
        botId,
        prefix: secret.prefix,
        secretHash: secret.secretHash,
        scopes: scopes.scopes,
        createdBy: by.userId,
        createdAt: now,
        expiresAt: expiresInDays === null ? null : now + expiresInDays * 86_400_000,
        lastUsedAt: null,
        revokedAt: null,
      };
      await this.tokens.within(tx.manager).insert(record);
      tx.publish(tokenCreatedV1, {
        key: botId,
        actor: actorOf(by),
        data: {
          tokenId: record.id,
          kind: 'bot',
          subjectId: botId,
          subjectName: bot.username,
          prefix: record.prefix,
          scopes: record.scopes,
          expiresAt: record.expiresAt === null ? null : new Date(record.expiresAt).toISOString(),
          createdBy: by.userId,
        },
      });
      return { token: secret.token, record };
    });
  }

  async revokeBotToken(botId: string, tokenId: string, by: Principal): Promise<ApiTokenRecord> {
    return this.runner.run(async (tx) => {
      const tokens = this.tokens.within(tx.manager);
      const token = await tokens.findById(tokenId);
      if (!token || token.botId !== botId)
        throw new NotFoundError('identity.token.not_found', 'No such token.');
      if (token.revokedAt !== null) return token;
      const at = Date.now();
      await tokens.revoke(tokenId, at);
      tx.publish(tokenRevokedV1, {
        key: botId,
        actor: actorOf(by),
        data: { tokenId, subjectId: botId, revokedBy: by.userId },
      });
      return { ...token, revokedAt: at };
    });
  }

  listBots(): Promise<SubjectRecord[]> {
    return this.subjects.listBots();
  }

  listBotTokens(botId: string): Promise<ApiTokenRecord[]> {
    return this.tokens.listForBot(botId);
  }
}

/** 422 naming the scope and its place in the body (`body.scopes.<i>`). */
function scopeRefused(refusal: ScopeRefusal): DomainError {
  const why =
    refusal.reason === 'unknown'
      ? `${refusal.scope} is not a scope`
      : `a bot token cannot carry ${refusal.scope}`;
  return new DomainError(
    'identity.token.scope_invalid',
    'unprocessable',
    `Scope refused: ${why} (grantable: ${BOT_TOKEN_SCOPES.join(', ')}).`,
    {
      issues: [{ path: `body.scopes.${refusal.index}`, message: why }],
      details: { scope: refusal.scope },
    },
  );
}
