/**
 * The heart of a directory sync, as a pure function: given the users Tidings has from a
 * source and the users the source has now, decide what changes — and refuse plans that look
 * like an accident. No I/O here, so every safety rule is unit-tested.
 */

/** What the sync compares: the fields Tidings mirrors from the directory. */
export interface MirroredUser {
  externalId: string;
  dn: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  employeeNumber: string | null;
  department: string | null;
  orgUnits: string[];
}

export interface KnownUser extends MirroredUser {
  /** Tidings' id of the user. */
  id: string;
  active: boolean;
}

export interface IncomingUser extends MirroredUser {
  /** Disabled in the directory (AD's userAccountControl bit). */
  disabled: boolean;
}

export type UserChange =
  | { kind: 'create'; user: IncomingUser }
  | { kind: 'update'; id: string; user: IncomingUser; fields: string[] }
  | { kind: 'move'; id: string; user: IncomingUser; from: string[]; fields: string[] }
  | { kind: 'deactivate'; id: string; username: string; reason: 'removed' | 'disabled' }
  | { kind: 'reactivate'; id: string; user: IncomingUser; fields: string[] };

export interface SyncPlan {
  changes: UserChange[];
  unchanged: number;
  counts: Record<UserChange['kind'] | 'unchanged', number>;
}

export interface SyncSafety {
  /** Largest share of active users one run may deactivate without confirmation (0.1 = 10%). */
  maxDeactivationShare: number;
  /** The operator confirmed a large deactivation for this run. */
  confirmed: boolean;
}

export class SyncRefusedError extends Error {
  constructor(
    readonly code: 'directory.sync.empty_source' | 'directory.sync.too_many_deactivations',
    message: string,
    readonly details: Record<string, number>,
  ) {
    super(message);
    this.name = 'SyncRefusedError';
  }
}

const COMPARED: Array<keyof MirroredUser> = [
  'username',
  'displayName',
  'email',
  'phone',
  'title',
  'employeeNumber',
  'department',
  'dn',
];

function changedFields(known: KnownUser, incoming: IncomingUser): string[] {
  const fields: string[] = COMPARED.filter((f) => known[f] !== incoming[f]);
  if (known.orgUnits.join('\u0000') !== incoming.orgUnits.join('\u0000')) fields.push('orgUnits');
  return fields;
}

/**
 * A full-sync plan. Users are matched by their stable external id, so a rename or a move is an
 * update, never delete + create; a user missing from the source, or disabled there, is
 * deactivated — never deleted (their messages keep their author). A source that returned
 * nobody while Tidings knows people is treated as an outage, not as "everyone left".
 */
export function planFullSync(
  known: KnownUser[],
  incoming: IncomingUser[],
  safety: SyncSafety,
): SyncPlan {
  const activeKnown = known.filter((u) => u.active).length;
  if (incoming.length === 0 && activeKnown > 0) {
    throw new SyncRefusedError(
      'directory.sync.empty_source',
      'The directory returned no users; refusing to deactivate everyone (an outage or a wrong filter?).',
      { known: activeKnown },
    );
  }
  const byId = new Map(known.map((u) => [u.externalId, u]));
  const seen = new Set<string>();
  const changes: UserChange[] = [];
  let unchanged = 0;
  for (const user of incoming) {
    seen.add(user.externalId);
    const current = byId.get(user.externalId);
    if (!current) {
      if (!user.disabled) changes.push({ kind: 'create', user });
      continue;
    }
    const fields = changedFields(current, user);
    if (user.disabled) {
      if (current.active)
        changes.push({
          kind: 'deactivate',
          id: current.id,
          username: current.username,
          reason: 'disabled',
        });
      else unchanged++;
    } else if (!current.active) {
      changes.push({ kind: 'reactivate', id: current.id, user, fields });
    } else if (fields.includes('orgUnits')) {
      changes.push({ kind: 'move', id: current.id, user, from: current.orgUnits, fields });
    } else if (fields.length > 0) {
      changes.push({ kind: 'update', id: current.id, user, fields });
    } else {
      unchanged++;
    }
  }
  for (const current of known) {
    if (current.active && !seen.has(current.externalId)) {
      changes.push({
        kind: 'deactivate',
        id: current.id,
        username: current.username,
        reason: 'removed',
      });
    }
  }
  const counts = { create: 0, update: 0, move: 0, deactivate: 0, reactivate: 0, unchanged };
  for (const change of changes) counts[change.kind]++;
  const limit = Math.floor(activeKnown * safety.maxDeactivationShare);
  if (!safety.confirmed && activeKnown > 0 && counts.deactivate > Math.max(limit, 1)) {
    throw new SyncRefusedError(
      'directory.sync.too_many_deactivations',
      `This run would deactivate ${counts.deactivate} of ${activeKnown} active users (more than ` +
        `${Math.round(safety.maxDeactivationShare * 100)}%); run it again with confirmation if that is intended.`,
      { deactivate: counts.deactivate, active: activeKnown, limit },
    );
  }
  return { changes, unchanged, counts };
}
