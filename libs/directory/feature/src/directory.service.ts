import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  LdapReader,
  TypeOrmDirectoryUserRepository,
  TypeOrmOrgUnitRepository,
  TypeOrmSyncRunRepository,
} from '@tidings/directory/data-access';
import { mappingFor } from '@tidings/directory/domain';
import { BusRuntime } from '@tidings/platform/bus';
import { ConflictError, DomainError, NotFoundError } from '@tidings/platform/errors';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { DIRECTORY_OPTIONS, type DirectoryOptions } from './directory-options';
import { DirectorySync, type SyncOutcome, type SyncRequest } from './sync/directory-sync';

/**
 * The directory's actions: people search, the department tree, and syncs — one at a time in
 * this process (a lock across processes comes with the distributed deployment).
 */
@Injectable()
export class DirectoryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Directory');
  private readonly users: TypeOrmDirectoryUserRepository;
  private readonly units: TypeOrmOrgUnitRepository;
  private readonly runs: TypeOrmSyncRunRepository;
  private readonly sync: DirectorySync | undefined;
  private running: Promise<SyncOutcome> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(DIRECTORY_OPTIONS) private readonly options: DirectoryOptions,
    bus: BusRuntime,
  ) {
    this.users = new TypeOrmDirectoryUserRepository(dataSource);
    this.units = new TypeOrmOrgUnitRepository(dataSource);
    this.runs = new TypeOrmSyncRunRepository(dataSource);
    const ldap = options.ldap;
    if (ldap) {
      const reader = new LdapReader(ldap.connection, mappingFor(ldap.preset, ldap.overrides));
      this.sync = new DirectorySync(dataSource, bus.runnerFor('directory'), reader, {
        maxDeactivationShare: ldap.maxDeactivationShare,
      });
    }
  }

  onApplicationBootstrap(): void {
    const minutes = this.options.ldap?.syncIntervalMinutes ?? 0;
    if (!this.sync || minutes <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return; // the previous run is still going: skip, don't pile up
      this.runSync({ trigger: 'schedule', dryRun: false, confirmMassDeactivation: false }).catch(
        (error: unknown) =>
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
    if (!this.sync)
      throw new DomainError(
        'directory.ldap.not_configured',
        'unprocessable',
        'No LDAP directory is configured (LDAP_URL).',
      );
    if (this.running)
      throw new ConflictError('directory.sync.running', 'A directory sync is already running.');
    this.running = this.sync.run(request);
    try {
      const outcome = await this.running;
      this.logger.log(`sync ${outcome.run.status}: ${JSON.stringify(outcome.run.counts)}`);
      return outcome;
    } finally {
      this.running = undefined;
    }
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
