import { inject, Injectable } from '@angular/core';
import { AuthService } from '../auth/auth.service';

/** A problem+json answer from the API, with its stable `code`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Thin fetch wrapper: the signed-in user's bearer token, JSON in and out, problems thrown. */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly auth = inject(AuthService);

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
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
      const problem = (await response.json().catch(() => ({}))) as {
        code?: string;
        detail?: string;
        title?: string;
      };
      throw new ApiError(
        response.status,
        problem.code,
        problem.detail ?? problem.title ?? `${method} ${path} answered ${response.status}`,
      );
    }
    return (await response.json()) as T;
  }
}
