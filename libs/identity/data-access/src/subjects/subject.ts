import type { Role, StandingChange } from '@tidings/identity/domain';

/**
 * A person or bot as identity knows them: who they are at their issuer (`issuer` + `subject`)
 * and Tidings' own `id` for them, whether they may act, and since when earlier sessions are
 * void. (The directory will own the profile; identity owns the right to act.)
 */
export interface SubjectRecord {
  id: string;
  kind: 'user' | 'bot';
  issuer: string;
  subject: string;
  username: string;
  displayName: string | null;
  /** Roles seen in the last token (users) or granted at creation (bots). */
  roles: Role[];
  active: boolean;
  /** Epoch ms: tokens issued before this instant are refused ("log out everywhere"). */
  sessionsRevokedAt: number;
  /** Increments each time sessions are revoked; carried in identity.session.revoked. */
  sessionVersion: number;
  /**
   * Epoch ms: when the newest directory (de)activation applied to this subject happened (the
   * event's `occurredAt`), so an older one arriving later is recognised as stale.
   */
  statusChangedAt: number | null;
  createdAt: number;
  lastSeenAt: number;
}

export interface NewSubject {
  kind: 'user' | 'bot';
  issuer: string;
  subject: string;
  username: string;
  displayName: string | null;
  roles: Role[];
}

export interface SubjectRepository {
  findById(id: string): Promise<SubjectRecord | undefined>;
  findByIssuerSubject(issuer: string, subject: string): Promise<SubjectRecord | undefined>;
  findByUsername(issuer: string, username: string): Promise<SubjectRecord | undefined>;
  /** People (not bots) with this username at any issuer. */
  findUsersNamed(username: string): Promise<SubjectRecord[]>;
  /** The subject, its row locked until the transaction ends (PostgreSQL; SQLite serializes). */
  findByIdForUpdate(id: string): Promise<SubjectRecord | undefined>;
  findUsersNamedForUpdate(username: string): Promise<SubjectRecord[]>;
  /** Inserts, or returns the existing record when another request created it first. */
  create(subject: NewSubject): Promise<SubjectRecord>;
  touch(id: string, roles: Role[], at: number): Promise<void>;
  revokeSessions(id: string, at: number): Promise<SubjectRecord>;
  /** Writes a deactivation / reactivation (see the domain's `onDeactivated`, `onReactivated`). */
  applyStanding(id: string, change: StandingChange): Promise<SubjectRecord>;
  listBots(): Promise<SubjectRecord[]>;
}
