/**
 * Whether a person may act, as identity records it: the directory deactivates and reactivates
 * people (`directory.user.deactivated` / `.reactivated`), and "log out everywhere" voids
 * everything issued before an instant.
 */
export interface Standing {
  active: boolean;
  /** Epoch ms: tokens and sign-ins from before this instant are refused. */
  sessionsRevokedAt: number;
  /** Epoch ms: `occurredAt` of the newest directory status event applied; null = none yet. */
  statusChangedAt: number | null;
}

/** What a status event changes; absent fields stay as they are. */
export interface StandingChange {
  active?: boolean;
  /** Void everything issued before this instant (the session version goes up with it). */
  revokeSessionsAt?: number;
  statusChangedAt?: number;
}

/**
 * An event older than the newest one applied describes a state the person has since left.
 * Deactivations and reactivations are consumed by two consumer groups, each in order per
 * user but not in step with each other, and either may be redelivered — so arrival order
 * says nothing; the directory's event time does.
 */
function isStale(standing: Standing, occurredAt: number): boolean {
  return standing.statusChangedAt !== null && occurredAt < standing.statusChangedAt;
}

/**
 * `directory.user.deactivated`, which happened at `occurredAt` and is applied at `now`.
 * Undefined when there is nothing to write (a duplicate, or already taken care of).
 */
export function onDeactivated(
  standing: Standing,
  occurredAt: number,
  now: number,
): StandingChange | undefined {
  if (isStale(standing, occurredAt)) {
    // Overtaken by a later reactivation: the person stays active, but what they held before
    // the deactivation is void all the same — unless it already is (the usual redelivery).
    return standing.sessionsRevokedAt < occurredAt ? { revokeSessionsAt: occurredAt } : undefined;
  }
  if (!standing.active) {
    return standing.statusChangedAt === occurredAt ? undefined : { statusChangedAt: occurredAt };
  }
  // Revoked as of now, not as of the event: tokens issued while the event was on its way
  // belonged to a person already deactivated. Never moves the instant backwards.
  return {
    active: false,
    revokeSessionsAt: Math.max(now, occurredAt, standing.sessionsRevokedAt),
    statusChangedAt: occurredAt,
  };
}

/**
 * `directory.user.reactivated` at `occurredAt`: the person may act again with tokens issued
 * from now on. The revocation instant stays where deactivation put it, so everything issued
 * before the deactivation stays refused.
 */
export function onReactivated(standing: Standing, occurredAt: number): StandingChange | undefined {
  if (isStale(standing, occurredAt) || standing.statusChangedAt === occurredAt) return undefined;
  return standing.active
    ? { statusChangedAt: occurredAt }
    : { active: true, statusChangedAt: occurredAt };
}

/**
 * Whether a sign-in (a token chain, a session at the issuer) must be refused: the person is
 * deactivated, or it began before their sessions were revoked. `signedInAt` is in epoch
 * seconds, as JWT and oidc-provider timestamps are; unknown = only the active flag counts.
 * No standing = identity never saw the person: nothing to refuse.
 */
export function signInRefused(
  standing: Pick<Standing, 'active' | 'sessionsRevokedAt'> | undefined,
  signedInAt?: number,
): boolean {
  if (!standing) return false;
  if (!standing.active) return true;
  return signedInAt !== undefined && signedInAt * 1000 < standing.sessionsRevokedAt;
}
