import { randomUUID } from 'node:crypto';
import { orgUnitRemovedV1 } from '@tidings/contracts';
import {
  TypeOrmDirectoryUserRepository,
  TypeOrmOrgUnitRepository,
  TypeOrmSyncLock,
  TypeOrmSyncRunRepository,
  TypeOrmSyncStateRepository,
  type LdapGroup,
  type ReadUsersOptions,
  type SyncMode,
  type SyncRun,
  type UserRead,
} from '@tidings/directory/data-access';
import {
  planSync,
  SyncRefusedError,
  type KnownUser,
  type MemberCandidate,
  type SyncPlan,
  type SyncSafety,
  type UserChange,
} from '@tidings/directory/domain';
import type { TransactionRunner } from '@tidings/platform/bus';
import { ConflictError } from '@tidings/platform/errors';
import type { DataSource } from 'typeorm';
import { applyUserChange, SYNC_ACTOR } from './apply-user-changes';
import { groupCounts, GroupSync, type GroupPlan } from './group-sync';

/** Where a sync reads from: an LdapReader in production, anything shaped like it in tests. */
export interface UserSource {
  readUsers(options?: ReadUsersOptions): Promise<UserRead>;
  /** Every user's stable id — a delta run finds removals by absence. */
  readUserIds(): Promise<Set<string>>;
  /** Absent when groups are not synced. */
  readGroups?(): Promise<LdapGroup[]>;
}

export interface SyncRequest {
  trigger: SyncRun['trigger'];
  dryRun: boolean;
  /** The operator accepts deactivating more than the safety share in this run. */
  confirmMassDeactivation: boolean;
  /**
   * full: read and compare everyone (the default); delta: only what changed since the last
   * successful run — falls back to full when there is no usable high-water mark.
   */
  mode?: SyncMode;
}

export interface SyncOutcome {
  run: SyncRun;
  /** The changes decided (applied, or for a dry run only proposed). */
  plan: SyncPlan | undefined;
}

export interface DirectorySyncOptions extends Omit<SyncSafety, 'confirmed'> {
  /**
   * What the high-water mark is valid for (server, base DN, mapping): a delta after a change
   * of any of them would miss entries, so a different fingerprint forces a full run.
   */
  fingerprint: string;
}

/** Changes per transaction: small enough to keep SQLite's single writer responsive. */
const BATCH = 200;
/** The sync lease: renewed while a run lasts, taken over by others only after it lapses. */
const LEASE_MS = 60_000;
const HIGH_WATER_KEY = 'users.high_water';

interface HighWater {
  stamp: string;
  fingerprint: string;
}

/**
 * One LDAP → Tidings sync. Reading the directory happens before anything is written, so an
 * outage (or a bind failure) fails the run with the previous state intact; the plan is then
 * checked by the safety rules (empty source, circuit breaker) and applied in transactions that
 * write each change together with its event. One run at a time across every process (a lease
 * in the database), and every run leaves a report.
 */
export class DirectorySync {
  private readonly users: TypeOrmDirectoryUserRepository;
  private readonly units: TypeOrmOrgUnitRepository;
  private readonly runs: TypeOrmSyncRunRepository;
  private readonly state: TypeOrmSyncStateRepository;
  private readonly lock: TypeOrmSyncLock;
  private readonly groups: GroupSync;

  constructor(
    dataSource: DataSource,
    private readonly runner: TransactionRunner,
    private readonly source: UserSource,
    private readonly options: DirectorySyncOptions,
  ) {
    this.users = new TypeOrmDirectoryUserRepository(dataSource);
    this.units = new TypeOrmOrgUnitRepository(dataSource);
    this.runs = new TypeOrmSyncRunRepository(dataSource);
    this.state = new TypeOrmSyncStateRepository(dataSource);
    this.lock = new TypeOrmSyncLock(dataSource);
    this.groups = new GroupSync(dataSource, runner);
  }

  async run(request: SyncRequest): Promise<SyncOutcome> {
    const holder = randomUUID();
    if (!(await this.lock.tryAcquire(holder, LEASE_MS)))
      throw new ConflictError('directory.sync.running', 'A directory sync is already running.');
    let leaseLost = false;
    const renewal = setInterval(() => {
      this.lock.renew(holder, LEASE_MS).then(
        (held) => (leaseLost ||= !held),
        () => undefined, // a failed renewal is retried; losing the lease is what counts
      );
    }, LEASE_MS / 4);
    try {
      // We hold the lease, so a run still marked running belongs to a process that died.
      await this.runs.failAbandoned('interrupted: the process running it stopped');
      return await this.runLocked(request, () => {
        if (leaseLost)
          throw new Error('lost the sync lease (the database was unreachable too long)');
      });
    } finally {
      clearInterval(renewal);
      await this.lock.release(holder).catch(() => undefined);
    }
  }

  private async runLocked(request: SyncRequest, checkLease: () => void): Promise<SyncOutcome> {
    const highWater = request.mode === 'delta' ? await this.usableHighWater() : null;
    const mode: SyncMode = highWater ? 'delta' : 'full';
    const run = await this.runs.start(request.trigger, request.dryRun, mode);
    let plan: SyncPlan | undefined;
    let groupPlan: GroupPlan | undefined;
    try {
      // Everything is read before anything is written — the three searches side by side.
      const [read, present, incomingGroups] = await Promise.all([
        this.source.readUsers({ since: highWater?.stamp ?? null }),
        highWater ? this.source.readUserIds() : undefined,
        this.source.readGroups?.(),
      ]);
      const known = await this.knownUsers();
      plan = planSync(
        known,
        {
          incoming: read.users,
          unreadable: read.unreadable,
          unreadableIds: read.unreadableIds,
          ...(present ? { present } : {}),
        },
        { ...this.options, confirmed: request.confirmMassDeactivation },
      );
      // Ids of the users to create, chosen now: groups are resolved against them below.
      const newIds = new Map<UserChange, string>(
        plan.changes.filter((c) => c.kind === 'create').map((c) => [c, randomUUID()]),
      );
      let orgUnits = { orgUnitsCreated: 0, orgUnitsRemoved: 0 };
      if (!request.dryRun) {
        orgUnits = await this.applyUsers(plan.changes, newIds, checkLease);
        orgUnits.orgUnitsRemoved = await this.pruneOrgUnits();
      }
      if (incomingGroups) {
        checkLease();
        groupPlan = await this.groups.plan(incomingGroups, peopleAfter(known, plan, newIds));
        if (!request.dryRun) await this.groups.apply(groupPlan);
      }
      if (!request.dryRun) await this.advanceHighWater(highWater, read.highWater);
      const finished = await this.runs.finish(run.id, {
        status: 'succeeded',
        counts: {
          ...reportCounts(plan),
          ...orgUnits,
          ...(groupPlan ? groupCounts(groupPlan) : {}),
        },
        errors: [
          ...plan.failures,
          ...(groupPlan?.warning ? [{ dn: '', message: groupPlan.warning }] : []),
        ],
        reason: null,
      });
      return { run: finished, plan };
    } catch (error) {
      const refused = error instanceof SyncRefusedError;
      const finished = await this.runs.finish(run.id, {
        status: refused ? 'refused' : 'failed',
        counts: plan ? reportCounts(plan) : {},
        errors: plan?.failures ?? [],
        reason: error instanceof Error ? error.message : String(error),
      });
      return { run: finished, plan: refused ? undefined : plan };
    }
  }

  /** The stored mark, if it was made with the same server, base and mapping. */
  private async usableHighWater(): Promise<HighWater | null> {
    const raw = await this.state.get(HIGH_WATER_KEY);
    if (!raw) return null;
    const mark = JSON.parse(raw) as HighWater;
    return mark.fingerprint === this.options.fingerprint ? mark : null;
  }

  private async advanceHighWater(previous: HighWater | null, seen: string | null): Promise<void> {
    const stamp = [previous?.stamp, seen]
      .filter((s): s is string => Boolean(s))
      .sort()
      .at(-1);
    if (!stamp) return;
    const mark: HighWater = { stamp, fingerprint: this.options.fingerprint };
    await this.state.set(HIGH_WATER_KEY, JSON.stringify(mark));
  }

  private async knownUsers(): Promise<KnownUser[]> {
    const paths = new Map((await this.units.list()).map((u) => [u.id, u.path]));
    return (await this.users.listBySource('ldap')).map((u) => ({
      id: u.id,
      externalId: u.externalId ?? '',
      dn: u.dn ?? '',
      username: u.username,
      displayName: u.displayName,
      email: u.email,
      phone: u.phone,
      title: u.title,
      employeeNumber: u.employeeNumber,
      department: u.department,
      locale: u.locale,
      avatarSha256: u.avatarSha256,
      orgUnits: u.orgUnitId ? (paths.get(u.orgUnitId) ?? []) : [],
      active: u.status === 'active',
    }));
  }

  private async applyUsers(
    changes: UserChange[],
    newIds: Map<UserChange, string>,
    checkLease: () => void,
  ): Promise<{ orgUnitsCreated: number; orgUnitsRemoved: number }> {
    let orgUnitsCreated = 0;
    for (let i = 0; i < changes.length; i += BATCH) {
      checkLease();
      await this.runner.run(async (tx) => {
        for (const change of changes.slice(i, i + BATCH))
          orgUnitsCreated += await applyUserChange(tx, change, newIds.get(change));
      });
    }
    return { orgUnitsCreated, orgUnitsRemoved: 0 };
  }

  /** Departments nobody is in any more (an OU renamed or emptied) leave the tree. */
  private async pruneOrgUnits(): Promise<number> {
    return this.runner.run(async (tx) => {
      const removed = await new TypeOrmOrgUnitRepository(tx.manager).pruneEmpty();
      for (const unit of removed)
        tx.publish(orgUnitRemovedV1, {
          key: unit.id,
          actor: SYNC_ACTOR,
          data: { orgUnitId: unit.id, path: unit.path },
        });
      return removed.length;
    });
  }
}

/**
 * The active people once the plan is applied, as groups name them (DN, username) — derived
 * from what the run already knows instead of reading 10,000 users again.
 */
function peopleAfter(
  known: KnownUser[],
  plan: SyncPlan,
  newIds: Map<UserChange, string>,
): MemberCandidate[] {
  const people = new Map(
    known.filter((u) => u.active).map((u) => [u.id, { id: u.id, dn: u.dn, username: u.username }]),
  );
  for (const change of plan.changes) {
    if (change.kind === 'deactivate') people.delete(change.id);
    else {
      const id = change.kind === 'create' ? (newIds.get(change) ?? '') : change.id;
      people.set(id, { id, dn: change.user.dn, username: change.user.username });
    }
  }
  return [...people.values()];
}

/** The plan's counts as the run report names them. */
function reportCounts(plan: SyncPlan): Record<string, number> {
  const c = plan.counts;
  return {
    created: c.create,
    updated: c.update,
    moved: c.move,
    deactivated: c.deactivate,
    reactivated: c.reactivate,
    unchanged: c.unchanged,
    failed: c.failed,
  };
}
