import { EntitySchema } from 'typeorm';

export interface SubjectRow {
  id: string;
  kind: string;
  issuer: string;
  subject: string;
  username: string;
  displayName: string | null;
  roles: string;
  active: boolean;
  sessionsRevokedMs: string | number;
  sessionVersion: number;
  statusChangedMs: string | number | null;
  createdMs: string | number;
  lastSeenMs: string | number;
}

export const SubjectEntity = new EntitySchema<SubjectRow>({
  name: 'IdentitySubject',
  tableName: 'identity_subjects',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    kind: { type: 'varchar', length: 8 },
    issuer: { type: 'varchar', length: 300 },
    subject: { type: 'varchar', length: 300 },
    username: { type: 'varchar', length: 200 },
    displayName: { name: 'display_name', type: 'varchar', length: 200, nullable: true },
    roles: { type: 'text' },
    active: { type: 'boolean' },
    sessionsRevokedMs: { name: 'sessions_revoked_ms', type: 'bigint' },
    sessionVersion: { name: 'session_version', type: 'integer' },
    statusChangedMs: { name: 'status_changed_ms', type: 'bigint', nullable: true },
    createdMs: { name: 'created_ms', type: 'bigint' },
    lastSeenMs: { name: 'last_seen_ms', type: 'bigint' },
  },
});
