/**
 * The heart of a directory sync, as a pure function: given the users Tidings has from a
 * source and what the source says now, decide what changes — and refuse plans that look
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
  locale: string | null;
  /** SHA-256 (hex) of the avatar image; null when there is none. */
  avatarSha256: string | null;
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
  /** The avatar image itself, when the directory has one (its hash is what is compared). */
  avatar?: Uint8Array | null;
}

export type UserChange =
  | { kind: 'create'; user: IncomingUser }
  | { kind: 'update'; id: string; user: IncomingUser; fields: string[] }
  | { kind: 'move'; id: string; user: IncomingUser; from: string[]; fields: string[] }
  | { kind: 'deactivate'; id: string; username: string; reason: 'removed' | 'disabled' }
  | { kind: 'reactivate'; id: string; user: IncomingUser; fields: string[] };

/** An entry the run could not apply, with the DN so an operator can find it. */
export interface SyncFailure {
  dn: string;
  message: string;
}

export interface SyncPlan {
  changes: UserChange[];
  unchanged: number;
  failures: SyncFailure[];
  counts: Record<UserChange['kind'] | 'unchanged' | 'failed', number>;
}

export interface SyncSafety {
  /** Largest share of active users one run may deactivate without confirmation (0.1 = 10%). */
  maxDeactivationShare: number;
  /** The operator confirmed a large deactivation for this run. */
  confirmed: boolean;
}

/**
 * What the source said in this run. A full run lists every user; a delta run lists only the
 * users changed since the last high-water mark, plus the ids of everyone still there (a
 * deleted entry does not show up as "changed", so removals are found by their absence).
 */
export interface SourceView {
  incoming: IncomingUser[];
  /** Delta runs: every external id the source still holds. Full runs: leave undefined. */
  present?: ReadonlySet<string>;
  /** Entries that could not be mapped: reported as failures, and never deactivated. */
  unreadable?: SyncFailure[];
  /** External ids of the unreadable entries, where they could be read at all. */
  unreadableIds?: ReadonlySet<string>;
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
  'locale',
  'avatarSha256',
  'dn',
];

function changedFields(known: KnownUser, incoming: IncomingUser): string[] {
  const fields: string[] = COMPARED.filter((f) => known[f] !== incoming[f]);
  if (known.orgUnits.join('\u0000') !== incoming.orgUnits.join('\u0000')) fields.push('orgUnits');
  if (known.externalId !== incoming.externalId) fields.push('externalId');
  return fields;
}

/** Usernames are unique regardless of case, as every directory treats them. */
const usernameKey = (username: string) => username.toLowerCase();

/**
 * A sync plan. Users are matched by their stable external id, so a rename or a move is an
 * update, never delete + create; a user missing from the source, or disabled there, is
 * deactivated — never deleted (their messages keep their author). A person deleted and
 * re-added in the directory (new external id, same username) gets their old account back.
 * A source that returned nobody while Tidings knows people is treated as an outage, not as
 * "everyone left".
 */
export function planSync(known: KnownUser[], source: SourceView, safety: SyncSafety): SyncPlan {
  const { incoming } = source;
  const full = source.present === undefined;
  const present =
    source.present ??
    new Set([...incoming.map((u) => u.externalId), ...(source.unreadableIds ?? [])]);
  const activeKnown = known.filter((u) => u.active).length;
  if (present.size === 0 && activeKnown > 0) {
    throw new SyncRefusedError(
      'directory.sync.empty_source',
      'The directory returned no users; refusing to deactivate everyone (an outage or a wrong filter?).',
      { known: activeKnown },
    );
  }
  const byExternalId = new Map(known.map((u) => [u.externalId, u]));
  // Accounts whose directory entry is gone: a newcomer with the same username is that person.
  const vacated = new Map(
    known.filter((u) => !present.has(u.externalId)).map((u) => [usernameKey(u.username), u]),
  );
  const failures: SyncFailure[] = [...(source.unreadable ?? [])];
  const changes: UserChange[] = [];
  const touched = new Set<string>();
  let unchanged = 0;

  // Who holds which username once this plan is applied; the first claim wins.
  const holders = new Map<string, string>();
  const incomingIds = new Set(incoming.map((u) => u.externalId));
  for (const user of known) {
    if (present.has(user.externalId) && !incomingIds.has(user.externalId))
      holders.set(usernameKey(user.username), user.id);
  }

  for (const user of incoming) {
    const current = byExternalId.get(user.externalId) ?? vacated.get(usernameKey(user.username));
    if (!current && user.disabled) continue; // a disabled newcomer is not created
    const key = usernameKey(user.username);
    const claimant = current?.id ?? `new:${user.externalId}`;
    const holder = holders.get(key);
    if (holder !== undefined && holder !== claimant) {
      failures.push({
        dn: user.dn,
        message: `username "${user.username}" already belongs to another directory user`,
      });
      if (current) touched.add(current.id); // left as it is, not deactivated
      continue;
    }
    holders.set(key, claimant);
    if (!current) {
      changes.push({ kind: 'create', user });
      continue;
    }
    touched.add(current.id);
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
    // Unreadable entries were counted as failed; they are neither changed nor unchanged.
    if (touched.has(current.id) || source.unreadableIds?.has(current.externalId)) continue;
    if (!present.has(current.externalId) && current.active) {
      changes.push({
        kind: 'deactivate',
        id: current.id,
        username: current.username,
        reason: 'removed',
      });
    } else if (!full || !current.active) {
      unchanged++; // a delta's untouched users, and the already-deactivated
    }
  }
  const counts = {
    create: 0,
    update: 0,
    move: 0,
    deactivate: 0,
    reactivate: 0,
    unchanged,
    failed: failures.length,
  };
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
  return { changes, unchanged, failures, counts };
}

/** A full-sync plan: `incoming` is everyone the source has. */
export function planFullSync(
  known: KnownUser[],
  incoming: IncomingUser[],
  safety: SyncSafety,
): SyncPlan {
  return planSync(known, { incoming }, safety);
}
