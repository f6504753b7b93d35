import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  TypeOrmAvatarRepository,
  TypeOrmDirectoryUserRepository,
  TypeOrmGroupRepository,
  TypeOrmOrgUnitRepository,
  TypeOrmSyncRunRepository,
} from '@tidings/directory/data-access';
import { BusRuntime } from '@tidings/platform/bus';
import { ConflictError, DomainError, NotFoundError } from '@tidings/platform/errors';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { LdapSettingsService } from './settings/ldap-settings.service';
import type { SyncOutcome, SyncRequest } from './sync/directory-sync';
import { ldapSyncFor } from './sync/ldap-sync';

/** How often the schedule looks at the (changeable) interval. */
const SCHEDULE_TICK_MS = 30_000;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

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
  private readonly avatars: TypeOrmAvatarRepository;
  private running: Promise<SyncOutcome> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastScheduledAt = 0;
  private stopped = false;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly settings: LdapSettingsService,
    private readonly bus: BusRuntime,
  ) {
    this.users = new TypeOrmDirectoryUserRepository(dataSource);
    this.units = new TypeOrmOrgUnitRepository(dataSource);
    this.runs = new TypeOrmSyncRunRepository(dataSource);
    this.groups = new TypeOrmGroupRepository(dataSource);
    this.avatars = new TypeOrmAvatarRepository(dataSource);
  }

  onApplicationBootstrap(): void {
    this.lastScheduledAt = Date.now(); // the first scheduled run comes one interval after boot
    this.scheduleTick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * The interval can change at runtime (admin API), so the schedule re-reads the settings
   * every tick instead of fixing a setInterval at boot.
   */
  private scheduleTick(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.scheduledTick()
        .catch((error: unknown) => this.logger.error(`scheduled sync: ${messageOf(error)}`))
        .finally(() => this.scheduleTick());
    }, SCHEDULE_TICK_MS);
    this.timer.unref();
  }

  private async scheduledTick(): Promise<void> {
    const ldap = await this.settings.effective();
    const minutes = ldap?.syncIntervalMinutes ?? 0;
    if (minutes <= 0 || this.running) return; // off, or the previous run is still going
    if (Date.now() < this.lastScheduledAt + minutes * 60_000) return;
    this.lastScheduledAt = Date.now();
    // Scheduled runs read only what changed; the sync falls back to full when it must.
    await this.runSync({
      trigger: 'schedule',
      dryRun: false,
      confirmMassDeactivation: false,
      mode: 'delta',
    });
  }

  /** One sync now, with the settings in force (API values over the environment). */
  async runSync(request: SyncRequest): Promise<SyncOutcome> {
    if (this.running)
      throw new ConflictError('directory.sync.running', 'A directory sync is already running.');
    const run = (async () => {
      const ldap = await this.settings.effective();
      if (!ldap)
        throw new DomainError(
          'directory.ldap.not_configured',
          'unprocessable',
          'No LDAP directory is configured (LDAP_URL or the admin API).',
        );
      return ldapSyncFor(this.dataSource, this.bus.runnerFor('directory'), ldap).run(request);
    })();
    this.running = run;
    try {
      const outcome = await run;
      this.logger.log(
        `${outcome.run.mode} sync ${outcome.run.status}: ${JSON.stringify(outcome.run.counts)}`,
      );
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

  async avatar(id: string) {
    const avatar = await this.avatars.find(id);
    if (!avatar)
      throw new NotFoundError('directory.avatar.not_found', 'This person has no avatar.');
    return avatar;
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

  /**
   * The one person with this e-mail or employee number (connectors map their own records to
   * Tidings people this way). An active match wins over deactivated ones; two at the same
   * standing are a directory data problem, answered 409 rather than guessed.
   */
  async lookup(by: { email: string } | { employeeNumber: string }) {
    const found = await this.users.findByContact(by);
    const active = found.filter((u) => u.status === 'active');
    const candidates = active.length > 0 ? active : found;
    const [person] = candidates;
    if (!person) throw new NotFoundError('directory.user.not_found', 'No such user.');
    if (candidates.length > 1)
      throw new ConflictError(
        'directory.user.ambiguous',
        `${candidates.length} people match; the directory holds duplicates.`,
        { matches: candidates.length },
      );
    return person;
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
