import { inject, Injectable, signal } from '@angular/core';
import { ApiClient } from '../api/api-client';
import type { Conversation, DirectoryPerson, Member, Message } from '../api/models';

/**
 * Names of people by their messaging id, learnt from what the client already loads (message
 * senders, member lists) and, for the partners of direct conversations, from the directory.
 * Events carry ids only; this is what turns them into names.
 */
@Injectable({ providedIn: 'root' })
export class PeopleStore {
  private readonly api = inject(ApiClient);
  private readonly asked = new Set<string>();
  readonly names = signal<ReadonlyMap<string, string>>(new Map());

  nameOf(id: string): string | null {
    return this.names().get(id) ?? null;
  }

  learn(entries: Iterable<[string, string | null | undefined]>): void {
    const known = this.names();
    const fresh = [...entries].filter(
      (e): e is [string, string] => !!e[1] && known.get(e[0]) !== e[1],
    );
    if (fresh.length) this.names.set(new Map([...known, ...fresh]));
  }

  learnFromMessages(messages: readonly Message[]): void {
    this.learn(messages.map((m) => [m.sender.id, m.sender.displayName ?? m.sender.username]));
  }

  learnFromMembers(members: readonly Member[]): void {
    this.learn(members.map((m) => [m.userId, m.displayName ?? m.username]));
  }

  /** The other person of each direct conversation, looked up once in the directory. */
  async learnDirectPartners(conversations: readonly Conversation[], myId: string | null) {
    const ids = conversations
      .filter((c) => c.kind === 'direct')
      .flatMap((c) => c.memberIds ?? [])
      .filter((id) => id !== myId && !this.names().has(id) && !this.asked.has(id));
    for (const id of new Set(ids)) {
      this.asked.add(id);
      const person = await this.api
        .get<DirectoryPerson>(`/directory/users/${id}`)
        .catch(() => undefined);
      if (person) this.learn([[id, person.displayName ?? person.username]]);
    }
  }
}
