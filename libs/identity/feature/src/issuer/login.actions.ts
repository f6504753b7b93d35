import { loginFailedV1, loginSucceededV1, type Actor } from '@tidings/contracts';
import {
  accountRepository,
  afterFailedAttempt,
  afterSuccessfulLogin,
  isLocked,
  lockMinutesLeft,
  type Account,
  type LockoutPolicy,
  type ManagerScope,
  type PasswordHasher,
} from '@tidings/identity/data-access';
import type { TransactionRunner, Tx } from '@tidings/platform/bus';
import { normalizeUsername } from './accounts.actions';
import { UnknownUserLockouts } from './unknown-user-lockouts';

export interface LoginAttempt {
  username: string;
  /** Never logged, never stored, never put in an event. */
  password: string;
  ip: string | null;
  clientId: string | null;
}

export type LoginOutcome =
  | { ok: true; accountId: string; username: string }
  | { ok: false; reason: 'wrong_credentials' }
  | { ok: false; reason: 'locked'; minutes: number };

type FailureReason = 'unknown_user' | 'bad_password' | 'locked' | 'disabled';

/** Failed attempts are not caused by an authenticated person: the issuer is the actor. */
const ISSUER_ACTOR: Actor = { kind: 'system', id: 'identity.issuer' };

/**
 * Password sign-in at the built-in issuer (DESIGN §4.1: the one write path). The counters
 * and the `identity.login.*` event commit in one transaction. The password is verified
 * *before* that transaction — argon2 takes tens of milliseconds, and on SQLite an open
 * transaction holds the whole database — then the row is re-read under a lock and the
 * verdict applied to its fresh state.
 */
export class LoginActions {
  private readonly unknownUsers: UnknownUserLockouts;

  constructor(
    private readonly reads: ManagerScope,
    private readonly runner: TransactionRunner,
    private readonly hasher: PasswordHasher,
    private readonly policy: LockoutPolicy,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.unknownUsers = new UnknownUserLockouts(policy);
  }

  async attempt(input: LoginAttempt): Promise<LoginOutcome> {
    const username = normalizeUsername(input.username);
    const known = username
      ? await accountRepository(this.reads).findByUsername(username)
      : undefined;
    if (!known) return this.unknownUser(username ?? input.username.trim().toLowerCase(), input);

    const now = this.clock();
    if (isLocked(known, now)) {
      return this.runner.run(async (tx): Promise<LoginOutcome> => {
        this.publishFailure(tx, input, known.username, 'locked', false);
        return { ok: false, reason: 'locked', minutes: lockMinutesLeft(known, now) };
      });
    }
    const passwordOk = await this.hasher.verify(known.passwordHash, input.password);

    return this.runner.run(async (tx): Promise<LoginOutcome> => {
      const accounts = accountRepository(tx);
      const account = await accounts.findByUsernameForUpdate(known.username);
      // Gone, or its password changed while we were hashing: treat as a wrong password.
      const verified = passwordOk && account?.passwordHash === known.passwordHash;
      if (!account) {
        this.publishFailure(tx, input, known.username, 'unknown_user', false);
        return { ok: false, reason: 'wrong_credentials' };
      }
      if (isLocked(account, now)) {
        this.publishFailure(tx, input, account.username, 'locked', false);
        return { ok: false, reason: 'locked', minutes: lockMinutesLeft(account, now) };
      }
      if (account.disabled) {
        // Same answer as a wrong password: a disabled account is not confirmed to exist.
        this.publishFailure(tx, input, account.username, 'disabled', false);
        return { ok: false, reason: 'wrong_credentials' };
      }
      if (!verified) return this.wrongPassword(tx, account, input, now);
      await accounts.saveLoginState(account.id, afterSuccessfulLogin());
      tx.publish(loginSucceededV1, {
        key: account.id, // the topic's key is the user id (failures of unknown names use the name)
        actor: { kind: 'user', id: account.id },
        data: {
          userId: account.id,
          username: account.username,
          method: 'password',
          clientId: input.clientId,
          ip: input.ip,
          at: now.toISOString(),
        },
      });
      return { ok: true, accountId: account.id, username: account.username };
    });
  }

  private async wrongPassword(
    tx: Tx,
    account: Account,
    input: LoginAttempt,
    now: Date,
  ): Promise<LoginOutcome> {
    const { state, lockedNow } = afterFailedAttempt(account, this.policy, now);
    await accountRepository(tx).saveLoginState(account.id, state);
    this.publishFailure(tx, input, account.username, 'bad_password', lockedNow);
    return lockedNow
      ? { ok: false, reason: 'locked', minutes: lockMinutesLeft(state, now) }
      : { ok: false, reason: 'wrong_credentials' };
  }

  private async unknownUser(username: string, input: LoginAttempt): Promise<LoginOutcome> {
    // Spend the time a real verification takes, so timing does not tell names apart.
    await this.hasher.verifyUnknown(input.password);
    const now = this.clock();
    const alreadyLocked = this.unknownUsers.lockedMinutes(username, now);
    const lockedMinutes = alreadyLocked || this.unknownUsers.fail(username, now);
    return this.runner.run(async (tx): Promise<LoginOutcome> => {
      this.publishFailure(tx, input, username, 'unknown_user', false);
      return lockedMinutes > 0
        ? { ok: false, reason: 'locked', minutes: lockedMinutes }
        : { ok: false, reason: 'wrong_credentials' };
    });
  }

  private publishFailure(
    tx: Tx,
    input: LoginAttempt,
    username: string,
    reason: FailureReason,
    lockedNow: boolean,
  ): void {
    tx.publish(loginFailedV1, {
      // Keyed by the name typed, so the attempts on one name stay in order.
      key: username || '(empty)',
      actor: ISSUER_ACTOR,
      data: {
        username: username.slice(0, 200),
        reason,
        lockedNow,
        ip: input.ip,
        at: this.clock().toISOString(),
      },
    });
  }
}
