import { inject, Injectable } from '@angular/core';
import { AuthService } from '../auth/auth.service';

/**
 * A problem+json answer from the API, with its stable `code` and every member the server sent
 * (`errors`, `stage`, `missing` …): the admin console shows them, so they are kept.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly problem: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** A message for any thrown value, for an error line on screen. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Thin fetch wrapper: the signed-in user's bearer token, JSON in and out, problems thrown. */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly auth = inject(AuthService);

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /** A POST without a body (an action such as `…/deactivate`) sends `{}`. */
  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /**
   * A file's bytes (`/api/v1/files/…`, with the bearer token): images and downloads cannot
   * carry the token in `src`/`href`, so they are fetched and shown as blob URLs.
   */
  async blob(url: string): Promise<Blob> {
    const token = this.auth.accessToken();
    const response = await fetch(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    if (!response.ok)
      throw new ApiError(response.status, undefined, `${url} answered ${response.status}`);
    return response.blob();
  }

  /**
   * Uploads one file into a conversation (docs/files.md) with XMLHttpRequest, because fetch
   * reports no upload progress. `conversationId` goes before the file: the server checks it
   * before reading the first byte.
   */
  upload<T>(
    conversationId: string,
    file: File,
    onProgress: (fraction: number) => void,
    signal?: AbortSignal,
  ): Promise<T> {
    const form = new FormData();
    form.append('conversationId', conversationId);
    form.append('file', file, file.name);
    const token = this.auth.accessToken();
    return new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/v1/files');
      xhr.setRequestHeader('accept', 'application/json');
      if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      xhr.onload = () => {
        const body = parseJson(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
        const problem = (body ?? {}) as { code?: string; detail?: string; title?: string };
        reject(
          new ApiError(
            xhr.status,
            problem.code,
            problem.detail ?? problem.title ?? `upload answered ${xhr.status}`,
          ),
        );
      };
      xhr.onerror = () => reject(new ApiError(0, undefined, 'network error'));
      xhr.onabort = () => reject(new ApiError(0, 'aborted', 'upload cancelled'));
      signal?.addEventListener('abort', () => xhr.abort());
      xhr.send(form);
    });
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
      throw new ApiError(
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
