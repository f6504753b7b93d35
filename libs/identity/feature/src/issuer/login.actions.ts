import { Logger } from '@nestjs/common';
import {
  accountRepository,
  afterSuccessfulLogin,
  isLocked,
  lockMinutesLeft,
  type Account,
  type AccountRepository,
  type LockoutPolicy,
  type ManagerScope,
  type PasswordHasher,
} from '@tidings/identity/data-access';
import type { TransactionRunner } from '@tidings/platform/bus';
import { normalizeUsername } from './accounts.actions';
import { DirectoryLogin } from './directory-login';
import type { ExternalPasswordCheck } from './external-password-check';
import type { StandingLookup } from './issuer-standing';
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
import { UnknownUserLockouts } from './unknown-user-lockouts';

export type { LoginAttempt, LoginOutcome } from './login-steps';

export interface LoginActionsOptions {
  clock?: () => Date;
  /** Checks the passwords of people without a local account (LDAP bind); unset = local only. */
  external?: ExternalPasswordCheck;
  /** The account store of a scope; tests substitute one in memory. */
  accounts?: (scope: ManagerScope) => AccountRepository;
  /** Where a directory outage is reported (never with the password). */
  logger?: Pick<Logger, 'warn'>;
  /** Identity's record of people, so the deactivated cannot sign in; unset = not consulted. */
  standing?: StandingLookup;
}

/**
 * Password sign-in at the built-in issuer (DESIGN §4.1: the one write path). The counters
 * and the `identity.login.*` event commit in one transaction. The password is verified
 * *before* that transaction — argon2 takes tens of milliseconds, and on SQLite an open
 * transaction holds the whole database — then the row is re-read under a lock and the
 * verdict applied to its fresh state.
 *
 * A local account with a password hash is checked here, as it always was. Any other name
 * goes to the directory when one is configured (`DirectoryLogin`): a local account shadows a
 * directory user of the same name, and is never taken over by one.
 */
export class LoginActions {
  private readonly ctx: LoginContext;
  private readonly directory: DirectoryLogin | undefined;

  constructor(
    reads: ManagerScope,
    runner: TransactionRunner,
    hasher: PasswordHasher,
    policy: LockoutPolicy,
    options: LoginActionsOptions = {},
  ) {
    this.ctx = {
      reads,
      runner,
      hasher,
      policy,
      clock: options.clock ?? (() => new Date()),
      accounts: options.accounts ?? accountRepository,
      unknownUsers: new UnknownUserLockouts(policy),
      standing: options.standing,
    };
    this.directory = options.external
      ? new DirectoryLogin(this.ctx, options.external, options.logger ?? new Logger('Login'))
      : undefined;
  }

  async attempt(input: LoginAttempt): Promise<LoginOutcome> {
    const username = normalizeUsername(input.username);
    const known = username
      ? await this.ctx.accounts(this.ctx.reads).findByUsername(username)
      : undefined;
    if (username && this.directory && known?.source !== 'local') {
      return this.directory.attempt(username, known, input);
    }
    if (!known) {
      // Spend the time a real verification takes, so timing does not tell names apart.
      await this.ctx.hasher.verifyUnknown(input.password);
      return countUnknownUser(this.ctx, username ?? input.username.trim().toLowerCase(), input);
    }
    if (known.source !== 'local') {
      // A directory account while no directory is configured: nothing can check it.
      await this.ctx.hasher.verifyUnknown(input.password);
      return refuse(this.ctx, input, known.username, 'disabled', {
        ok: false,
        reason: 'wrong_credentials',
      });
    }
    return this.local(known, input);
  }

  private async local(known: Account, input: LoginAttempt): Promise<LoginOutcome> {
    const now = this.ctx.clock();
    if (isLocked(known, now)) {
      return refuse(this.ctx, input, known.username, 'locked', {
        ok: false,
        reason: 'locked',
        minutes: lockMinutesLeft(known, now),
      });
    }
    // No hash (an account whose password was never set here) verifies nothing; the dummy
    // verification keeps its timing like any other wrong password.
    const passwordOk = known.passwordHash
      ? await this.ctx.hasher.verify(known.passwordHash, input.password)
      : await this.ctx.hasher.verifyUnknown(input.password);

    return this.ctx.runner.run(async (tx): Promise<LoginOutcome> => {
      const accounts = this.ctx.accounts(tx);
      const account = await accounts.findByUsernameForUpdate(known.username);
      const at = this.ctx.clock();
      // Gone, or its password changed while we were hashing: treat as a wrong password.
      const verified =
        passwordOk &&
        account?.source === 'local' &&
        account.passwordHash !== null &&
        account.passwordHash === known.passwordHash;
      if (!account) {
        publishFailure(tx, at, input, known.username, 'unknown_user', false);
        return { ok: false, reason: 'wrong_credentials' };
      }
      if (isLocked(account, now)) {
        publishFailure(tx, at, input, account.username, 'locked', false);
        return { ok: false, reason: 'locked', minutes: lockMinutesLeft(account, now) };
      }
      if (account.disabled || (await isDeactivated(this.ctx, tx, account.id))) {
        // Same answer as a wrong password: a disabled account is not confirmed to exist.
        publishFailure(tx, at, input, account.username, 'disabled', false);
        return { ok: false, reason: 'wrong_credentials' };
      }
      if (!verified) return countWrongPassword(this.ctx, tx, account, input, now);
      await accounts.saveLoginState(account.id, afterSuccessfulLogin());
      publishSuccess(tx, at, input, account, 'password');
      return { ok: true, accountId: account.id, username: account.username };
    });
  }
}
