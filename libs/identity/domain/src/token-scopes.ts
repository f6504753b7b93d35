import {
  OPT_IN_SCOPES,
  PERMISSIONS,
  permissionsOf,
  type Permission,
  type Role,
} from './permissions';

/** Why a requested scope cannot go on a token. */
export interface ScopeRefusal {
  /** Index of the scope in the request, so the problem can name the field. */
  index: number;
  scope: string;
  reason: 'unknown' | 'not_granted';
}

/**
 * The scopes a token of a subject with these roles may carry: exactly what the roles grant,
 * in the permissions table's order (a stable listing). A scope is a permission; a token
 * narrows its subject, it can never widen it.
 */
export function grantableScopes(roles: readonly Role[]): Permission[] {
  const granted = permissionsOf(roles);
  return PERMISSIONS.filter((p) => granted.has(p));
}

/**
 * The scopes a new token gets: the requested ones (deduplicated, in the table's order) or,
 * when none were asked for, everything the roles grant except the opt-in scopes (which must
 * be named, OPT_IN_SCOPES). Answers the first refusal instead
 * when a requested scope is not a permission at all, or one the roles do not grant.
 */
export function tokenScopes(
  roles: readonly Role[],
  requested: readonly string[] | undefined,
): { scopes: Permission[] } | { refused: ScopeRefusal } {
  const grantable = grantableScopes(roles);
  if (requested === undefined)
    return { scopes: grantable.filter((p) => !OPT_IN_SCOPES.includes(p)) };
  for (const [index, scope] of requested.entries()) {
    if (!(PERMISSIONS as readonly string[]).includes(scope))
      return { refused: { index, scope, reason: 'unknown' } };
    if (!(grantable as readonly string[]).includes(scope))
      return { refused: { index, scope, reason: 'not_granted' } };
  }
  return { scopes: grantable.filter((p) => requested.includes(p)) };
}
