import { randomUUID } from 'node:crypto';
import {
  userCreatedV1,
  userDeactivatedV1,
  userReactivatedV1,
  userUpdatedV1,
  type Actor,
} from '@tidings/contracts';
import {
  TypeOrmDirectoryUserRepository,
  TypeOrmOrgUnitRepository,
  TypeOrmSyncRunRepository,
  type LdapUser,
  type SyncRun,
} from '@tidings/directory/data-access';
import {
  planFullSync,
  SyncRefusedError,
  type KnownUser,
  type SyncPlan,
  type SyncSafety,
  type UserChange,
} from '@tidings/directory/domain';
import type { TransactionRunner, Tx } from '@tidings/platform/bus';
import type { DataSource } from 'typeorm';

export interface UserSource {
  readUsers(): Promise<LdapUser[]>;
}

export interface SyncRequest {
  trigger: SyncRun['trigger'];
  dryRun: boolean;
  /** The operator accepts deactivating more than the safety share in this run. */
  confirmMassDeactivation: boolean;
}

export interface SyncOutcome {
  run: SyncRun;
  /** The changes decided (applied, or for a dry run only proposed). */
  plan: SyncPlan | undefined;
}

/** Changes per transaction: small enough to keep SQLite's single writer responsive. */
const BATCH = 200;
const SYNC_ACTOR: Actor = { kind: 'system', id: 'directory.sync' };

/**
 * A full LDAP → Tidings sync. Reading the directory happens before anything is written, so an
 * outage (or a bind failure) fails the run with the previous state intact; the plan is then
 * checked by the safety rules (empty source, circuit breaker) and applied in transactions
 * that write each change together with its event. Every run leaves a report.
 */
export class DirectorySync {
  private readonly users: TypeOrmDirectoryUserRepository;
  private readonly units: TypeOrmOrgUnitRepository;
  private readonly runs: TypeOrmSyncRunRepository;

  constructor(
    dataSource: DataSource,
    private readonly runner: TransactionRunner,
    private readonly source: UserSource,
    private readonly safety: Omit<SyncSafety, 'confirmed'>,
  ) {
    this.users = new TypeOrmDirectoryUserRepository(dataSource);
    this.units = new TypeOrmOrgUnitRepository(dataSource);
    this.runs = new TypeOrmSyncRunRepository(dataSource);
  }

  async run(request: SyncRequest): Promise<SyncOutcome> {
    const run = await this.runs.start(request.trigger, request.dryRun);
    let plan: SyncPlan | undefined;
    try {
      const incoming = await this.source.readUsers();
      plan = planFullSync(await this.knownUsers(), incoming, {
        ...this.safety,
        confirmed: request.confirmMassDeactivation,
      });
      if (!request.dryRun) await this.apply(plan.changes);
      const finished = await this.runs.finish(run.id, {
        status: 'succeeded',
        counts: plan.counts,
        errors: [],
        reason: null,
      });
      return { run: finished, plan };
    } catch (error) {
      const refused = error instanceof SyncRefusedError;
      const finished = await this.runs.finish(run.id, {
        status: refused ? 'refused' : 'failed',
        counts: plan?.counts ?? {},
        errors: [],
        reason: error instanceof Error ? error.message : String(error),
      });
      return { run: finished, plan: refused ? undefined : plan };
    }
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
      orgUnits: u.orgUnitId ? (paths.get(u.orgUnitId) ?? []) : [],
      active: u.status === 'active',
    }));
  }

  private async apply(changes: UserChange[]): Promise<void> {
    for (let i = 0; i < changes.length; i += BATCH) {
      await this.runner.run(async (tx) => {
        for (const change of changes.slice(i, i + BATCH)) await this.applyOne(tx, change);
      });
    }
  }

  private async applyOne(tx: Tx, change: UserChange): Promise<void> {
    const users = new TypeOrmDirectoryUserRepository(tx.manager);
    const units = new TypeOrmOrgUnitRepository(tx.manager);
    if (change.kind === 'deactivate') {
      await users.update(change.id, { status: 'deactivated' });
      tx.publish(userDeactivatedV1, {
        key: change.id,
        actor: SYNC_ACTOR,
        data: {
          userId: change.id,
          username: change.username,
          reason: change.reason === 'disabled' ? 'ldap_disabled' : 'ldap_removed',
          deactivatedAt: new Date().toISOString(),
        },
      });
      return;
    }
    const user = change.user;
    const orgUnitId = await units.ensurePath(user.orgUnits);
    const fields = {
      externalId: user.externalId,
      dn: user.dn,
      username: user.username,
      displayName: user.displayName,
      email: user.email,
      phone: user.phone,
      title: user.title,
      employeeNumber: user.employeeNumber,
      department: user.department,
      orgUnitId,
    };
    const id = change.kind === 'create' ? randomUUID() : change.id;
    const profile = {
      userId: id,
      username: user.username,
      displayName: user.displayName,
      email: user.email,
      title: user.title,
      source: 'ldap' as const,
      orgUnitPath: user.orgUnits,
    };
    if (change.kind === 'create') {
      await users.insert({ id, source: 'ldap', status: 'active', ...fields });
      tx.publish(userCreatedV1, { key: id, actor: SYNC_ACTOR, data: profile });
    } else if (change.kind === 'reactivate') {
      await users.update(id, { ...fields, status: 'active' });
      tx.publish(userReactivatedV1, { key: id, actor: SYNC_ACTOR, data: profile });
    } else {
      await users.update(id, fields);
      tx.publish(userUpdatedV1, {
        key: id,
        actor: SYNC_ACTOR,
        data: { ...profile, changed: change.fields },
      });
    }
  }
}
