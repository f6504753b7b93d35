import { inject, Injectable, signal } from '@angular/core';
import { ApiClient } from '../api/api-client';
import type { Person } from '../directory/directory-api';

/**
 * Names for the person ids audit records carry, from the directory (`directory.read`, which
 * compliance holds). Each id is asked once; until it answers — or if nobody has that id, as
 * for a bot or a webhook — the id itself shows, which is what the record says anyway.
 */
@Injectable({ providedIn: 'root' })
export class PeopleNames {
  private readonly http = inject(ApiClient);
  private readonly asked = new Set<string>();
  readonly names = signal<ReadonlyMap<string, string>>(new Map());

  /** A display name with the username, or the id while unknown. */
  nameOf(id: string): string {
    return this.names().get(id) ?? id;
  }

  /** Looks up the ids not asked about yet (the rest are known or on their way). */
  want(ids: Iterable<string>): void {
    for (const id of ids) {
      if (this.asked.has(id)) continue;
      this.asked.add(id);
      void this.lookUp(id);
    }
  }

  /** Remembers a person already at hand (a picker's result) without asking. */
  learn(person: Pick<Person, 'id' | 'username' | 'displayName'>): void {
    this.asked.add(person.id);
    this.set(person.id, labelOf(person));
  }

  private async lookUp(id: string): Promise<void> {
    try {
      const person = await this.http.get<Person>(`/directory/users/${encodeURIComponent(id)}`);
      this.set(id, labelOf(person));
    } catch {
      // Not a directory person (a bot, an integration, a deleted id): the id stays.
    }
  }

  private set(id: string, label: string): void {
    this.names.update((names) => new Map(names).set(id, label));
  }
}

export function labelOf(person: Pick<Person, 'username' | 'displayName'>): string {
  return person.displayName && person.displayName !== person.username
    ? `${person.displayName} (${person.username})`
    : person.username;
}
