import type { Role } from '@tidings/identity/domain';

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
  /** Inserts, or returns the existing record when another request created it first. */
  create(subject: NewSubject): Promise<SubjectRecord>;
  touch(id: string, roles: Role[], at: number): Promise<void>;
  revokeSessions(id: string, at: number): Promise<SubjectRecord>;
  deactivate(id: string, at: number): Promise<SubjectRecord>;
  listBots(): Promise<SubjectRecord[]>;
}
