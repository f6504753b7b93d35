import { inject, Injectable } from '@angular/core';
import type { Page, Person } from '../directory/directory-api';
import { ApiClient } from '../api/api-client';
import type { SetPasswordBody } from './password-form';
import type { ProposedChange } from './sync-report';

/** A sync run's report (docs/directory.md, "What a sync does" §10). */
export interface SyncRun {
  id: string;
  status: 'running' | 'succeeded' | 'failed' | 'refused';
  dryRun: boolean;
  mode: 'full' | 'delta';
  trigger: 'schedule' | 'manual' | 'cli';
  startedAt: number;
  finishedAt: number | null;
  counts: Record<string, number>;
  errors: Array<{ dn: string; message: string }>;
  reason: string | null;
}

type Source = 'env' | 'api' | 'default';

/** `GET /directory/ldap-settings`: the values in force and where each came from. */
export interface LdapSettings {
  url: string | null;
  startTls: boolean;
  bindDn: string | null;
  baseDn: string | null;
  preset: string;
  userFilter: string;
  groupFilter: string;
  syncIntervalMinutes: number;
  maxDeactivationShare: number;
  timeoutMs: number;
  configured: boolean;
  complete: boolean;
  missing: string[];
  bindPasswordSet: boolean;
  bindPasswordProblem?: string;
  sources: Record<string, Source | Record<string, Source> | null>;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** What an administrator may change from the console; absent fields stay as they are. */
export interface LdapSettingsPatch {
  url?: string | null;
  bindDn?: string | null;
  bindPassword?: string | null;
  baseDn?: string | null;
  preset?: string | null;
  userFilter?: string | null;
  groupFilter?: string | null;
  syncIntervalMinutes?: number | null;
}

/** `POST /directory/ldap-settings/test`'s answer when the connection works. */
export interface ConnectionTest {
  ok: true;
  bind: string;
  usersSample: number;
  groupsSample: number;
  elapsedMs: number;
  serverInfo?: { namingContexts?: string[] };
  warnings: string[];
}

/** `PUT /users/by-username/{username}/password`'s answer; `password` only when generated. */
export interface PasswordSet {
  accountId: string;
  username: string;
  created: boolean;
  sessionsRevoked: number;
  password?: string;
}

export interface NewLocalPerson {
  username: string;
  displayName: string;
  email?: string;
  title?: string;
  orgUnitId?: string;
}

/** The directory-management and identity calls the admin console makes. */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(ApiClient);

  async searchPeople(text: string): Promise<Person[]> {
    const query = new URLSearchParams({ q: text, limit: '50' });
    return (await this.http.get<{ items: Person[] }>(`/directory/users?${query}`)).items;
  }

  /** Everyone in a department's subtree, deactivated people included (search omits them). */
  peopleOf(orgUnitId: string, cursor?: string) {
    const query = new URLSearchParams({
      recursive: 'true',
      includeDeactivated: 'true',
      limit: '100',
    });
    if (cursor) query.set('cursor', cursor);
    return this.http.get<Page<Person>>(`/directory/org-units/${orgUnitId}/members?${query}`);
  }

  createPerson(person: NewLocalPerson): Promise<Person> {
    return this.http.post<Person>('/directory/users', person);
  }

  deactivate(id: string): Promise<Person> {
    return this.http.post<Person>(`/directory/users/${id}/deactivate`);
  }

  reactivate(id: string): Promise<Person> {
    return this.http.post<Person>(`/directory/users/${id}/reactivate`);
  }

  /** Signs the person out everywhere: every token issued until now stops working. */
  revokeSessions(id: string): Promise<void> {
    return this.http.post<void>(`/users/${id}/sessions/revoke`);
  }

  /**
   * Sets (or resets) a local person's sign-in password at the built-in issuer; a reset signs
   * them out everywhere. A generated password comes back once, in this answer only.
   */
  setPassword(username: string, body: SetPasswordBody): Promise<PasswordSet> {
    return this.http.put<PasswordSet>(
      `/users/by-username/${encodeURIComponent(username)}/password`,
      body,
    );
  }

  ldapSettings(): Promise<LdapSettings> {
    return this.http.get<LdapSettings>('/directory/ldap-settings');
  }

  saveLdapSettings(patch: LdapSettingsPatch): Promise<LdapSettings> {
    return this.http.put<LdapSettings>('/directory/ldap-settings', patch);
  }

  /** Tests the settings in force, or this patch over them without storing it. */
  testConnection(patch: LdapSettingsPatch = {}): Promise<ConnectionTest> {
    return this.http.post<ConnectionTest>('/directory/ldap-settings/test', patch);
  }

  sync(options: { dryRun: boolean; confirmMassDeactivation?: boolean; mode?: 'full' | 'delta' }) {
    return this.http.post<{ run: SyncRun; changes?: ProposedChange[] }>('/directory/sync-runs', {
      dryRun: options.dryRun,
      confirmMassDeactivation: options.confirmMassDeactivation ?? false,
      mode: options.mode ?? 'full',
    });
  }

  async runs(): Promise<SyncRun[]> {
    return (await this.http.get<{ items: SyncRun[] }>('/directory/sync-runs?limit=50')).items;
  }

  run(id: string): Promise<SyncRun> {
    return this.http.get<SyncRun>(`/directory/sync-runs/${id}`);
  }
}
