import { loginFailedV1, loginSucceededV1, type Actor } from '@tidings/contracts';
import {
  afterFailedAttempt,
  lockMinutesLeft,
  type Account,
  type AccountRepository,
  type LockoutPolicy,
  type ManagerScope,
  type PasswordHasher,
} from '@tidings/identity/data-access';
import type { TransactionRunner, Tx } from '@tidings/platform/bus';
import type { StandingLookup } from './issuer-standing';
import type { UnknownUserLockouts } from './unknown-user-lockouts';

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
  | { ok: false; reason: 'locked'; minutes: number }
  /** The directory could not be asked (down): nothing was counted against the account. */
  | { ok: false; reason: 'directory_unavailable' }
  /** The directory accepted the password, but Tidings has no active user for them yet. */
  | { ok: false; reason: 'not_provisioned' };

export type FailureReason = 'unknown_user' | 'bad_password' | 'locked' | 'disabled';

/** What both sign-in paths (local password, directory bind) work with. */
export interface LoginContext {
  reads: ManagerScope;
  runner: TransactionRunner;
  hasher: PasswordHasher;
  policy: LockoutPolicy;
  clock: () => Date;
  accounts: (scope: ManagerScope) => AccountRepository;
  /** Lockout bookkeeping for names without an account (shared by both paths). */
  unknownUsers: UnknownUserLockouts;
  /** Identity's record of the person (deactivated by the directory?); unset = not consulted. */
  standing: StandingLookup | undefined;
}

/**
 * Deactivated in Tidings (`directory.user.deactivated`) though the account itself is fine —
 * a local account, or an LDAP one the directory has not refused yet: refused like a disabled
 * account. Read in the caller's transaction (SQLite would wait for it otherwise).
 */
export async function isDeactivated(
  ctx: LoginContext,
  scope: ManagerScope,
  accountId: string,
): Promise<boolean> {
  const standing = await ctx.standing?.(accountId, scope);
  return standing !== undefined && !standing.active;
}

/** Failed attempts are not caused by an authenticated person: the issuer is the actor. */
const ISSUER_ACTOR: Actor = { kind: 'system', id: 'identity.issuer' };

export function publishFailure(
  tx: Tx,
  at: Date,
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
      at: at.toISOString(),
    },
  });
}

export function publishSuccess(
  tx: Tx,
  at: Date,
  input: LoginAttempt,
  account: Pick<Account, 'id' | 'username'>,
  method: 'password' | 'ldap',
): void {
  tx.publish(loginSucceededV1, {
    key: account.id, // the topic's key is the user id (failures of unknown names use the name)
    actor: { kind: 'user', id: account.id },
    data: {
      userId: account.id,
      username: account.username,
      method,
      clientId: input.clientId,
      ip: input.ip,
      at: at.toISOString(),
    },
  });
}

/** A wrong password for an existing account: counted on its row, possibly locking it. */
export async function countWrongPassword(
  ctx: LoginContext,
  tx: Tx,
  account: Account,
  input: LoginAttempt,
  now: Date,
): Promise<LoginOutcome> {
  const { state, lockedNow } = afterFailedAttempt(account, ctx.policy, now);
  await ctx.accounts(tx).saveLoginState(account.id, state);
  publishFailure(tx, ctx.clock(), input, account.username, 'bad_password', lockedNow);
  return lockedNow
    ? { ok: false, reason: 'locked', minutes: lockMinutesLeft(state, now) }
    : { ok: false, reason: 'wrong_credentials' };
}

/** A failure for a name without an account: counted in memory, so it locks like a real one. */
export async function countUnknownUser(
  ctx: LoginContext,
  username: string,
  input: LoginAttempt,
): Promise<LoginOutcome> {
  const now = ctx.clock();
  const alreadyLocked = ctx.unknownUsers.lockedMinutes(username, now);
  const lockedMinutes = alreadyLocked || ctx.unknownUsers.fail(username, now);
  return ctx.runner.run(async (tx): Promise<LoginOutcome> => {
    publishFailure(tx, ctx.clock(), input, username, 'unknown_user', false);
    return lockedMinutes > 0
      ? { ok: false, reason: 'locked', minutes: lockedMinutes }
      : { ok: false, reason: 'wrong_credentials' };
  });
}

/** Refuses without counting (locked, disabled, not this path's account). */
export function refuse(
  ctx: LoginContext,
  input: LoginAttempt,
  username: string,
  reason: FailureReason,
  outcome: LoginOutcome,
): Promise<LoginOutcome> {
  return ctx.runner.run(async (tx) => {
    publishFailure(tx, ctx.clock(), input, username, reason, false);
    return outcome;
  });
}
