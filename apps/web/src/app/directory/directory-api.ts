import { inject, Injectable } from '@angular/core';
import { ApiClient } from '../api/api-client';

/** A department as `GET /directory/org-units` answers (docs/directory.md). */
export interface OrgUnit {
  id: string;
  parentId: string | null;
  name: string;
  /** Names from the root, e.g. ['研发中心', '平台部']. */
  path: string[];
  directMembers: number;
  totalMembers: number;
}

/** A person as the directory API shows them. */
export interface Person {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  employeeNumber: string | null;
  orgUnitId: string | null;
  locale: string | null;
  avatarUrl: string | null;
  status: 'active' | 'deactivated';
  source: 'ldap' | 'local';
}

export type PresenceState = 'online' | 'away' | 'dnd' | 'offline';

/** One person's presence (docs/presence.md, "A view"). */
export interface PresenceView {
  userId: string;
  state: PresenceState;
  lastSeenAt: string | null;
  dnd?: { until: string | null } | null;
  status?: { text: string; emoji?: string | null; expiresAt: string | null } | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The directory, presence and direct-conversation calls the directory screen makes. */
@Injectable({ providedIn: 'root' })
export class DirectoryApi {
  private readonly http = inject(ApiClient);

  async departments(): Promise<OrgUnit[]> {
    return (await this.http.get<{ items: OrgUnit[] }>('/directory/org-units')).items;
  }

  members(orgUnitId: string, options: { recursive?: boolean; cursor?: string } = {}) {
    const query = new URLSearchParams({ recursive: String(options.recursive ?? false) });
    if (options.cursor) query.set('cursor', options.cursor);
    query.set('limit', '50');
    return this.http.get<Page<Person>>(
      `/directory/org-units/${encodeURIComponent(orgUnitId)}/members?${query}`,
    );
  }

  async search(text: string): Promise<Person[]> {
    const query = new URLSearchParams({ q: text, limit: '50' });
    return (await this.http.get<{ items: Person[] }>(`/directory/users?${query}`)).items;
  }

  /**
   * Presence of the person on the card. A subscription rather than `GET /presence`: the
   * viewer is usually no conversation peer of the person, and a directory view is exactly
   * what subscriptions are for (docs/presence.md). It replaces the previous one.
   */
  async presenceOf(userId: string): Promise<PresenceView | null> {
    const answer = await this.http.post<{ users: PresenceView[] }>('/presence/subscriptions', {
      userIds: [userId],
      ttlSeconds: 300,
    });
    return answer.users.find((view) => view.userId === userId) ?? null;
  }

  /** Opens the direct conversation with this person (created on first use); its id. */
  async openDirect(userId: string): Promise<string> {
    return (await this.http.post<{ id: string }>('/conversations', { kind: 'direct', userId })).id;
  }
}
