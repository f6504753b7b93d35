/**
 * Pure rules of the directory-sync console: the dry run's proposed changes as rows of a diff,
 * and a run report's counts in a stable order. Unit-tested; no Angular here.
 */
import type { TranslationKey } from '../i18n/translations';
import type { SyncRun } from './admin-api';

export type ChangeKind = 'create' | 'update' | 'move' | 'deactivate' | 'reactivate';

/** A person as a proposed change carries them (the sync's IncomingUser, the fields we show). */
interface ChangedUser {
  username: string;
  displayName: string;
  dn?: string;
  /** Department path, top first. */
  orgUnits?: string[];
}

/** One entry of `POST /directory/sync-runs` `{ dryRun: true }`'s `changes` (docs/directory.md). */
export type ProposedChange =
  | { kind: 'create'; user: ChangedUser }
  | { kind: 'update'; id: string; user: ChangedUser; fields: string[] }
  | { kind: 'move'; id: string; user: ChangedUser; from: string[]; fields: string[] }
  | { kind: 'deactivate'; id: string; username: string; reason: 'removed' | 'disabled' }
  | { kind: 'reactivate'; id: string; user: ChangedUser; fields: string[] };

/** One line of the diff, ready to show. */
export interface DiffRow {
  kind: ChangeKind;
  username: string;
  displayName: string | null;
  /** Changed fields (update, reactivate; a move's other fields), without `orgUnits`. */
  fields: string[];
  /** Department paths for a move, or the new person's department. */
  from: string | null;
  to: string | null;
  /** Why someone is deactivated. */
  reason: 'removed' | 'disabled' | null;
}

/** The order the diff lists kinds in: what arrives, what changes, what leaves. */
export const CHANGE_KINDS: readonly ChangeKind[] = [
  'create',
  'update',
  'move',
  'reactivate',
  'deactivate',
];

const path = (units: readonly string[] | undefined) =>
  units && units.length > 0 ? units.join(' › ') : null;

export function diffRows(changes: readonly ProposedChange[]): DiffRow[] {
  const rows = changes.map((change): DiffRow => {
    if (change.kind === 'deactivate')
      return {
        kind: change.kind,
        username: change.username,
        displayName: null,
        fields: [],
        from: null,
        to: null,
        reason: change.reason,
      };
    const fields = 'fields' in change ? change.fields.filter((f) => f !== 'orgUnits') : [];
    return {
      kind: change.kind,
      username: change.user.username,
      displayName: change.user.displayName,
      fields,
      from: change.kind === 'move' ? path(change.from) : null,
      to: change.kind === 'move' || change.kind === 'create' ? path(change.user.orgUnits) : null,
      reason: null,
    };
  });
  const rank = (kind: ChangeKind) => CHANGE_KINDS.indexOf(kind);
  return rows.sort((a, b) => rank(a.kind) - rank(b.kind) || a.username.localeCompare(b.username));
}

/** How many changes of each kind, every kind present (zeros too), in CHANGE_KINDS order. */
export function diffCounts(changes: readonly ProposedChange[]): Array<[ChangeKind, number]> {
  return CHANGE_KINDS.map((kind) => [kind, changes.filter((c) => c.kind === kind).length]);
}

/** The report's counts in the order people read them; unknown (newer) counts at the end. */
const COUNT_ORDER = [
  'created',
  'updated',
  'moved',
  'reactivated',
  'deactivated',
  'unchanged',
  'failed',
  'orgUnitsCreated',
  'orgUnitsRemoved',
  'groupsCreated',
  'groupsChanged',
  'groupsRemoved',
  'groupsUnchanged',
] as const;
export type KnownCount = (typeof COUNT_ORDER)[number];

export function isKnownCount(key: string): key is KnownCount {
  return (COUNT_ORDER as readonly string[]).includes(key);
}

export function orderedCounts(counts: Readonly<Record<string, number>>): Array<[string, number]> {
  const known = COUNT_ORDER.filter((key) => key in counts).map((key): [string, number] => [
    key,
    counts[key] ?? 0,
  ]);
  const others = Object.keys(counts)
    .filter((key) => !isKnownCount(key))
    .sort()
    .map((key): [string, number] => [key, counts[key] ?? 0]);
  return [...known, ...others];
}

/** The translation key of a run's status. */
export function statusKey(status: SyncRun['status']): TranslationKey {
  return `admin.sync.status.${status}`;
}
