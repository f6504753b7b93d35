import { randomUUID } from 'node:crypto';
import { isRole, type Role, type StandingChange } from '@tidings/identity/domain';
import { Sql } from '@tidings/platform/persistence';
import type { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { SubjectEntity, type SubjectRow } from './subject.entity';
import type { NewSubject, SubjectRecord, SubjectRepository } from './subject';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toRecord(row: SubjectRow): SubjectRecord {
  const roles = (JSON.parse(row.roles) as unknown[]).filter(isRole);
  return {
    id: row.id,
    kind: row.kind === 'bot' ? 'bot' : 'user',
    issuer: row.issuer,
    subject: row.subject,
    username: row.username,
    displayName: row.displayName,
    roles,
    active: Boolean(row.active),
    sessionsRevokedAt: Number(row.sessionsRevokedMs),
    sessionVersion: row.sessionVersion,
    statusChangedAt: row.statusChangedMs === null ? null : Number(row.statusChangedMs),
    createdAt: Number(row.createdMs),
    lastSeenAt: Number(row.lastSeenMs),
  };
}

/**
 * The row of every authenticated request, read with one hand-written statement: TypeORM's
 * `findOneBy` builds its query anew each call, which cost more than the lookup itself (realtime
 * bench: about 5 % of the host's CPU at 1,000 msg/s).
 */
const SELECT_SUBJECT = `SELECT id, kind, issuer, subject, username, display_name AS "displayName",
  roles, active, sessions_revoked_ms AS "sessionsRevokedMs", session_version AS "sessionVersion",
  status_changed_ms AS "statusChangedMs", created_ms AS "createdMs", last_seen_ms AS "lastSeenMs"
  FROM identity_subjects`;

/** Reads through the data source; writes through the caller's transaction when given one. */
export class TypeOrmSubjectRepository implements SubjectRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly manager?: EntityManager,
  ) {}

  /** The same repository bound to a transaction (the actions' one write path). */
  within(manager: EntityManager): TypeOrmSubjectRepository {
    return new TypeOrmSubjectRepository(this.dataSource, manager);
  }

  private get repo() {
    return (this.manager ?? this.dataSource.manager).getRepository(SubjectEntity);
  }

  private get sql() {
    return new Sql(this.manager ?? this.dataSource);
  }

  async findById(id: string) {
    const row = await this.sql.one<SubjectRow>(`${SELECT_SUBJECT} WHERE id = ?`, [id]);
    return row ? toRecord(row) : undefined;
  }

  async findByIssuerSubject(issuer: string, subject: string) {
    const row = await this.sql.one<SubjectRow>(
      `${SELECT_SUBJECT} WHERE issuer = ? AND subject = ?`,
      [issuer, subject],
    );
    return row ? toRecord(row) : undefined;
  }

  async findByUsername(issuer: string, username: string) {
    const row = await this.repo.findOneBy({ issuer, username });
    return row ? toRecord(row) : undefined;
  }

  async findUsersNamed(username: string) {
    return (await this.repo.findBy({ username, kind: 'user' })).map(toRecord);
  }

  async findByIdForUpdate(id: string) {
    return (await this.findLocked({ id }))[0];
  }

  async findUsersNamedForUpdate(username: string) {
    return this.findLocked({ username, kind: 'user' });
  }

  /**
   * Deactivation and reactivation run in two consumer groups that may handle one person at
   * the same moment; each reads the standing and writes a verdict on it, so the row is locked
   * in between. SQLite has no row locks and needs none: its transactions are serialized
   * (platform/persistence sqlite-serial.ts).
   */
  private async findLocked(where: FindOptionsWhere<SubjectRow>): Promise<SubjectRecord[]> {
    const postgres = this.repo.manager.connection.options.type === 'postgres';
    const rows = await this.repo.find({
      where,
      ...(postgres ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return rows.map(toRecord);
  }

  async create(subject: NewSubject): Promise<SubjectRecord> {
    const now = Date.now();
    // A uuid `sub` (the built-in issuer's account id, Keycloak's user id) becomes Tidings' id
    // too, so events from the issuer and from identity name a person the same way.
    const reuse = UUID.test(subject.subject) && !(await this.findById(subject.subject));
    await this.repo
      .createQueryBuilder()
      .insert()
      .values({
        id: reuse ? subject.subject.toLowerCase() : randomUUID(),
        kind: subject.kind,
        issuer: subject.issuer,
        subject: subject.subject,
        username: subject.username,
        displayName: subject.displayName,
        roles: JSON.stringify(subject.roles),
        active: true,
        sessionsRevokedMs: 0,
        sessionVersion: 0,
        statusChangedMs: null,
        createdMs: now,
        lastSeenMs: now,
      })
      // Two first requests of a new user may race: the unique (issuer, subject) keeps one row.
      .orIgnore()
      .execute();
    const stored = await this.findByIssuerSubject(subject.issuer, subject.subject);
    if (!stored) throw new Error('subject vanished after insert');
    return stored;
  }

  async touch(id: string, roles: Role[], at: number): Promise<void> {
    await this.repo.update({ id }, { roles: JSON.stringify(roles), lastSeenMs: at });
  }

  async revokeSessions(id: string, at: number): Promise<SubjectRecord> {
    await this.repo
      .createQueryBuilder()
      .update()
      .set({ sessionsRevokedMs: at, sessionVersion: () => 'session_version + 1' })
      .where('id = :id', { id })
      .execute();
    return this.mustFind(id);
  }

  async applyStanding(id: string, change: StandingChange): Promise<SubjectRecord> {
    const set: {
      active?: boolean;
      statusChangedMs?: number;
      sessionsRevokedMs?: number;
      sessionVersion?: () => string;
    } = {};
    if (change.active !== undefined) set.active = change.active;
    if (change.statusChangedAt !== undefined) set.statusChangedMs = change.statusChangedAt;
    if (change.revokeSessionsAt !== undefined) {
      set.sessionsRevokedMs = change.revokeSessionsAt;
      set.sessionVersion = () => 'session_version + 1';
    }
    if (Object.keys(set).length > 0) {
      await this.repo.createQueryBuilder().update().set(set).where('id = :id', { id }).execute();
    }
    return this.mustFind(id);
  }

  async listBots(): Promise<SubjectRecord[]> {
    return (await this.repo.find({ where: { kind: 'bot' }, order: { createdMs: 'ASC' } })).map(
      toRecord,
    );
  }

  private async mustFind(id: string): Promise<SubjectRecord> {
    const found = await this.findById(id);
    if (!found) throw new Error(`subject ${id} not found`);
    return found;
  }
}
