import { computed, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { AuthService } from '../auth/auth.service';
import { ApiClient, reasonOf } from '../api/api-client';

/** `GET /me`'s answer: who the token belongs to and what it may do. */
export interface Me {
  userId: string;
  username: string;
  roles: string[];
  permissions: string[];
}

/**
 * What the signed-in user may do, from `GET /me` — the server's own answer, not the token's
 * claims, so the console asks the same authority that will check every call. Hiding the
 * console is only a courtesy: the API refuses non-admins anyway.
 */
@Injectable({ providedIn: 'root' })
export class AdminAccess {
  private readonly auth = inject(AuthService);
  private readonly http = inject(ApiClient);
  private readonly me = signal<Me | null>(null);
  readonly error = signal<string | null>(null);
  /** True once /me answered (or failed) for the current sign-in. */
  readonly loaded = signal(false);

  /** The console's sections need `directory.manage` (the admin role has it). */
  readonly canAdminister = computed(
    () => this.me()?.permissions.includes('directory.manage') ?? false,
  );
  readonly canRevokeSessions = computed(
    () => this.me()?.permissions.includes('users.manage') ?? false,
  );

  /** Whether `GET /me` granted this permission (false until it answered). */
  has(permission: string): boolean {
    return this.me()?.permissions.includes(permission) ?? false;
  }

  /**
   * Only who is signed in, not their tokens: a silent refresh makes a new `user()` object,
   * and re-asking then would blank the console (and its sections' state) every few minutes.
   */
  private readonly userId = computed(() => this.auth.user()?.id ?? null);

  constructor() {
    // Re-ask whenever someone else signs in (or out): permissions belong to the person.
    effect(() => {
      const userId = this.userId();
      untracked(() => {
        this.me.set(null);
        this.loaded.set(false);
        this.error.set(null);
        if (userId) void this.load();
      });
    });
  }

  private async load(): Promise<void> {
    try {
      this.me.set(await this.http.get<Me>('/me'));
    } catch (error) {
      this.error.set(reasonOf(error));
    } finally {
      this.loaded.set(true);
    }
  }
}
