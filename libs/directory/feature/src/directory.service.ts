import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  TypeOrmDirectoryUserRepository,
  TypeOrmGroupRepository,
  TypeOrmOrgUnitRepository,
  TypeOrmSyncRunRepository,
} from '@tidings/directory/data-access';
import { BusRuntime } from '@tidings/platform/bus';
import { ConflictError, DomainError, NotFoundError } from '@tidings/platform/errors';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { DIRECTORY_OPTIONS, type DirectoryOptions } from './directory-options';
import type { SyncOutcome, SyncRequest } from './sync/directory-sync';
import { ldapSyncFor } from './sync/ldap-sync';

/**
 * The directory's actions: people search, the department tree, groups, and syncs — one at a
 * time: here through `running`, across processes through the sync's lease in the database.
 */
@Injectable()
export class DirectoryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Directory');
  private readonly users: TypeOrmDirectoryUserRepository;
  private readonly units: TypeOrmOrgUnitRepository;
  private readonly runs: TypeOrmSyncRunRepository;
  private readonly groups: TypeOrmGroupRepository;
  private running: Promise<SyncOutcome> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(DIRECTORY_OPTIONS) private readonly options: DirectoryOptions,
    private readonly bus: BusRuntime,
  ) {
    this.users = new TypeOrmDirectoryUserRepository(dataSource);
    this.units = new TypeOrmOrgUnitRepository(dataSource);
    this.runs = new TypeOrmSyncRunRepository(dataSource);
    this.groups = new TypeOrmGroupRepository(dataSource);
  }

  onApplicationBootstrap(): void {
    const minutes = this.options.ldap?.syncIntervalMinutes ?? 0;
    if (!this.options.ldap || minutes <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return; // the previous run is still going: skip, don't pile up
      // Scheduled runs read only what changed; the sync falls back to full when it must.
      const request = {
        trigger: 'schedule',
        dryRun: false,
        confirmMassDeactivation: false,
      } as const;
      this.runSync({ ...request, mode: 'delta' }).catch((error: unknown) =>
        this.logger.error(
          `scheduled sync: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }, minutes * 60_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  async runSync(request: SyncRequest): Promise<SyncOutcome> {
    const ldap = this.options.ldap;
    if (!ldap)
      throw new DomainError(
        'directory.ldap.not_configured',
        'unprocessable',
        'No LDAP directory is configured (LDAP_URL).',
      );
    if (this.running)
      throw new ConflictError('directory.sync.running', 'A directory sync is already running.');
    const sync = ldapSyncFor(this.dataSource, this.bus.runnerFor('directory'), ldap);
    this.running = sync.run(request);
    try {
      const outcome = await this.running;
      this.logger.log(`sync ${outcome.run.status}: ${JSON.stringify(outcome.run.counts)}`);
      return outcome;
    } finally {
      this.running = undefined;
    }
  }

  async syncRun(id: string) {
    const run = await this.runs.findById(id);
    if (!run) throw new NotFoundError('directory.sync_run.not_found', 'No such sync run.');
    return run;
  }

  listGroups() {
    return this.groups.list();
  }

  async group(id: string) {
    const group = await this.groups.findById(id);
    if (!group) throw new NotFoundError('directory.group.not_found', 'No such group.');
    return { ...group, members: await this.groups.members(id) };
  }

  groupsOf(userId: string) {
    return this.groups.groupsOf(userId);
  }

  listRuns(limit: number) {
    return this.runs.latest(limit);
  }

  search(query: string, limit: number) {
    return this.users.search(query, limit);
  }

  async user(id: string) {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundError('directory.user.not_found', 'No such user.');
    return user;
  }

  /** The department tree with direct and recursive member counts. */
  async tree() {
    const [units, direct] = await Promise.all([this.units.list(), this.users.countByOrgUnit()]);
    const byId = new Map(units.map((u) => [u.id, u]));
    const total = new Map<string, number>();
    for (const unit of units) {
      // Every unit's members count for it and for each ancestor.
      const members = direct.get(unit.id) ?? 0;
      let current: (typeof units)[number] | undefined = unit;
      while (current) {
        total.set(current.id, (total.get(current.id) ?? 0) + members);
        const parentId: string | null = current.parentId;
        current = parentId ? byId.get(parentId) : undefined;
      }
    }
    return units.map((u) => ({
      ...u,
      directMembers: direct.get(u.id) ?? 0,
      totalMembers: total.get(u.id) ?? 0,
    }));
  }
}
