import type { Logger } from '@nestjs/common';
import {
  afterSuccessfulLogin,
  AccountExistsError,
  isLocked,
  lockMinutesLeft,
  type Account,
  type AccountRepository,
} from '@tidings/identity/data-access';
import type { Tx } from '@tidings/platform/bus';
import { normalizeUsername } from './accounts.actions';
import type { ExternalAccount, ExternalPasswordCheck } from './external-password-check';
import {
  countUnknownUser,
  countWrongPassword,
  isDeactivated,
  publishFailure,
  publishSuccess,
  refuse,
  type LoginAttempt,
  type LoginContext,
  type LoginOutcome,
} from './login-steps';

const WRONG: LoginOutcome = { ok: false, reason: 'wrong_credentials' };
const NOT_PROVISIONED: LoginOutcome = { ok: false, reason: 'not_provisioned' };
const MAX_DISPLAY_NAME = 200;

/**
 * Sign-in for names without a local account, checked by the directory (LDAP bind). The
 * first success creates an account with source `ldap` and no password hash; later ones
 * refresh its name. The lockout applies as to local accounts: counted on the account row,
 * or — for a name Tidings has no account for yet — in memory, exactly like an unknown name.
 * A locked or disabled account is refused *without* asking the directory, so an attacker
 * cannot use Tidings to hammer it (or to trip Active Directory's own lockout).
 *
 * The bind happens before the transaction, as argon2 does for local accounts; the fresh row
 * is then re-read under a lock and the verdict applied to it.
 */
export class DirectoryLogin {
  constructor(
    private readonly ctx: LoginContext,
    private readonly check: ExternalPasswordCheck,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  /** `username` is normalized; `known` is its account (source `ldap`), if any. */
  async attempt(
    username: string,
    known: Account | undefined,
    input: LoginAttempt,
  ): Promise<LoginOutcome> {
    const now = this.ctx.clock();
    const lockedMinutes = known
      ? lockMinutesLeft(known, now)
      : this.ctx.unknownUsers.lockedMinutes(username, now);
    if (lockedMinutes > 0) {
      return refuse(this.ctx, input, username, 'locked', {
        ok: false,
        reason: 'locked',
        minutes: lockedMinutes,
      });
    }
    if (known?.disabled) {
      await this.ctx.hasher.verifyUnknown(input.password);
      return refuse(this.ctx, input, username, 'disabled', WRONG);
    }

    let verdict: ExternalAccount | undefined;
    try {
      // The dummy argon2 runs alongside, so a directory answer is never faster than a local
      // account's: timing does not tell local names from the directory's.
      [verdict] = await Promise.all([
        this.check.verify(username, input.password),
        this.ctx.hasher.verifyUnknown(input.password),
      ]);
    } catch (error) {
      // Not the person's fault: not counted, and said plainly on the page.
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(
        `directory sign-in of "${username}" failed: directory unavailable (${reason})`,
      );
      return { ok: false, reason: 'directory_unavailable' };
    }

    if (!verdict) {
      if (!known) return countUnknownUser(this.ctx, username, input);
      return this.ctx.runner.run(async (tx) => {
        const account = await this.ctx.accounts(tx).findByUsernameForUpdate(username);
        if (!account || account.source !== 'ldap') {
          publishFailure(tx, this.ctx.clock(), input, username, 'unknown_user', false);
          return WRONG;
        }
        return countWrongPassword(this.ctx, tx, account, input, now);
      });
    }
    if (normalizeUsername(verdict.username) !== username) {
      // The directory matched the name by a looser rule than ours; do not guess who this is.
      this.logger.warn(`directory sign-in of "${username}" matched "${verdict.username}"; refused`);
      return refuse(this.ctx, input, username, 'unknown_user', WRONG);
    }
    if (verdict.userId === null)
      return refuse(this.ctx, input, username, 'unknown_user', NOT_PROVISIONED);
    try {
      return await this.signIn(username, { ...verdict, userId: verdict.userId }, input, now);
    } catch (error) {
      // Two first sign-ins of one person raced to create the account: the other one won.
      if (!(error instanceof AccountExistsError)) throw error;
      return this.signIn(username, { ...verdict, userId: verdict.userId }, input, now);
    }
  }

  private signIn(
    username: string,
    verdict: ExternalAccount & { userId: string },
    input: LoginAttempt,
    now: Date,
  ): Promise<LoginOutcome> {
    return this.ctx.runner.run(async (tx): Promise<LoginOutcome> => {
      const accounts = this.ctx.accounts(tx);
      const displayName = verdict.displayName.trim().slice(0, MAX_DISPLAY_NAME) || username;
      const account = await this.accountFor(accounts, username, verdict.userId, displayName);
      if (account === 'local') return this.refuseIn(tx, input, username, 'disabled', WRONG);
      if (account.id !== verdict.userId) {
        // The name now belongs to another directory user (the old one removed, a new one
        // created with the same name). Which is which is an administrator's call.
        this.logger.warn(
          `directory sign-in of "${username}": the account belongs to directory user ${account.id}, the directory now names ${verdict.userId}; refused`,
        );
        return this.refuseIn(tx, input, username, 'disabled', NOT_PROVISIONED);
      }
      if (isLocked(account, now)) {
        return this.refuseIn(tx, input, username, 'locked', {
          ok: false,
          reason: 'locked',
          minutes: lockMinutesLeft(account, now),
        });
      }
      if (account.disabled || (await isDeactivated(this.ctx, tx, account.id)))
        return this.refuseIn(tx, input, username, 'disabled', WRONG);
      if (account.displayName !== displayName || account.username !== username) {
        await accounts.saveProfile(account.id, { username, displayName });
      }
      await accounts.saveLoginState(account.id, afterSuccessfulLogin());
      publishSuccess(tx, this.ctx.clock(), input, { id: account.id, username }, 'ldap');
      return { ok: true, accountId: account.id, username };
    });
  }

  /**
   * The `ldap` account for this person, created on first sign-in. Found by name, else by the
   * directory's id — a person renamed in the directory keeps their account (and so their
   * `sub`). 'local' when a local account holds the name or the id: never taken over.
   */
  private async accountFor(
    accounts: AccountRepository,
    username: string,
    userId: string,
    displayName: string,
  ): Promise<Account | 'local'> {
    const byName = await accounts.findByUsernameForUpdate(username);
    if (byName) return byName.source === 'ldap' ? byName : 'local';
    const byId = await accounts.findById(userId);
    if (byId) return byId.source === 'ldap' ? byId : 'local';
    return accounts.insert({
      id: userId,
      username,
      displayName,
      roles: ['user'],
      passwordHash: null,
      source: 'ldap',
    });
  }

  private refuseIn(
    tx: Tx,
    input: LoginAttempt,
    username: string,
    reason: 'disabled' | 'locked',
    outcome: LoginOutcome,
  ): LoginOutcome {
    publishFailure(tx, this.ctx.clock(), input, username, reason, false);
    return outcome;
  }
}
