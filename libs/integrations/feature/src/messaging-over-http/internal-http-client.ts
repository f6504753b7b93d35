import { answerFrom, DomainError, type ErrorKind, type FieldIssue } from '@tidings/platform/errors';
import type { z } from 'zod';

/** The header messaging's internal routes read the shared service token from. */
export const SERVICE_TOKEN_HEADER = 'x-tidings-service-token';

export interface InternalHttpOptions {
  /** Messaging's base URL as this process reaches it (MESSAGING_INTERNAL_URL). */
  baseUrl: string;
  /** The shared service token (INTERNAL_SERVICE_TOKEN). */
  serviceToken: string;
  /** Per request: a slow messaging must not hold a webhook's admin call or a delivery long. */
  timeoutMs?: number;
  /** Tests hand in their own. */
  fetch?: typeof fetch;
}

/**
 * The statuses messaging's rules answer with, as the kind they came from: the caller gets the
 * same problem back. 401 is not among them — on an internal route it says this process's
 * service token is wrong, which is ours to fix, not the caller's.
 */
const KIND_BY_STATUS: Readonly<Record<number, ErrorKind>> = {
  400: 'invalid',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
};

/** Problem members that are not extensions (everything else is carried on as `details`). */
const PROBLEM_MEMBERS = new Set([
  'type',
  'title',
  'status',
  'detail',
  'code',
  'instance',
  'requestId',
  'errors',
]);

/**
 * JSON over HTTP to messaging's internal routes (`/api/v1/internal/messaging/...`), with the
 * shared service token. A refusal by one of messaging's rules (a 4xx problem+json with a code)
 * becomes the DomainError it was, so the integrations route answers the same status and code a
 * person's call to messaging would. Anything else — messaging down, a timeout, a 5xx, a wrong
 * token or URL, an answer that is not the expected shape — is a plain Error: a 500 at the edge,
 * a retry for a bus handler, and never taken for a rule's refusal.
 */
export class InternalHttpClient {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: InternalHttpOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? fetch;
  }

  async call<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    answer: S,
    body?: unknown,
  ): Promise<z.output<S>> {
    const where = `messaging ${method} ${path}`;
    // Messaging down or restarting (no answer, a 5xx): a bus handler waits for it.
    const response = await answerFrom(
      'messaging',
      where,
      this.fetch(`${this.baseUrl}/api/v1/internal/messaging${path}`, {
        method,
        headers: {
          [SERVICE_TOKEN_HEADER]: this.options.serviceToken,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      }),
    );
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw refusalOf(response.status, json) ?? failure(where, response, json);
    const parsed = answer.safeParse(json);
    if (!parsed.success) {
      throw new Error(`${where}: unexpected answer: ${parsed.error.issues[0]?.message}`);
    }
    return parsed.data;
  }
}

/** The DomainError a problem+json of messaging's stands for; undefined when it is none. */
export function refusalOf(status: number, json: unknown): DomainError | undefined {
  const kind = KIND_BY_STATUS[status];
  if (!kind || typeof json !== 'object' || json === null) return undefined;
  const problem = json as Record<string, unknown>;
  const code = problem['code'];
  // messaging.internal.*: the route itself refused this process (disabled): not the caller's.
  if (typeof code !== 'string' || code.startsWith('messaging.internal.')) return undefined;
  const details = Object.fromEntries(
    Object.entries(problem).filter(([member]) => !PROBLEM_MEMBERS.has(member)),
  );
  const issues = issuesOf(problem['errors']);
  return new DomainError(code, kind, String(problem['detail'] ?? code), {
    ...(issues ? { issues } : {}),
    ...(Object.keys(details).length > 0 ? { details } : {}),
  });
}

function issuesOf(errors: unknown): FieldIssue[] | undefined {
  if (!Array.isArray(errors)) return undefined;
  return errors
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => ({ path: String(e['path'] ?? ''), message: String(e['message'] ?? '') }));
}

function failure(where: string, response: Response, json: unknown): Error {
  const code =
    typeof json === 'object' && json !== null && 'code' in json
      ? ` ${String((json as { code: unknown }).code)}`
      : '';
  return new Error(`${where}: HTTP ${response.status}${code}`);
}
