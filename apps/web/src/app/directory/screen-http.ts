import { inject, Injectable } from '@angular/core';
import { ApiError } from '../api/api-client';
import { AuthService } from '../auth/auth.service';

/**
 * A problem+json answer, with every extra member the server sent (`stage`, `reason`,
 * `errors`, `missing` …): the admin console shows them, so they are kept, not flattened.
 */
export class ProblemError extends ApiError {
  constructor(
    status: number,
    code: string | undefined,
    message: string,
    readonly problem: Record<string, unknown>,
  ) {
    super(status, code, message);
  }
}

/**
 * Fetch with the signed-in user's bearer token for the directory and admin screens. It is
 * separate from the chat's `ApiClient` because these screens also need PUT and empty (204)
 * answers, and keep the problem's details.
 */
@Injectable({ providedIn: 'root' })
export class ScreenHttp {
  private readonly auth = inject(AuthService);

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = this.auth.accessToken();
    const response = await fetch(`/api/v1${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      const text = (key: string) =>
        typeof problem[key] === 'string' ? (problem[key] as string) : undefined;
      throw new ProblemError(
        response.status,
        text('code'),
        text('detail') ?? text('title') ?? `${method} ${path} answered ${response.status}`,
        problem,
      );
    }
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}

/** A message for any thrown value, for an error line on screen. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
