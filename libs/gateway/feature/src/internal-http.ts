import { answerFrom } from '@tidings/platform/errors';

/** Where another service's internal routes are, as this gateway process reaches them. */
export interface InternalServiceOptions {
  /** The service's base URL (MESSAGING_INTERNAL_URL, PRESENCE_INTERNAL_URL). */
  baseUrl: string;
  /** The shared service token (INTERNAL_SERVICE_TOKEN). */
  serviceToken: string;
  /** Per request; a slow service must not hold a sign-in, a frame's answer or the fan-out long. */
  timeoutMs?: number;
}

/**
 * JSON over HTTP to another service's internal route (`/api/v1/internal/…`), authenticated by
 * the shared service token. Anything but a 2xx throws: the caller's bus handler is retried, a
 * sign-in is refused, a frame is answered with an error. The service being down (no answer, a
 * 5xx) is a DependencyUnavailableError: a bus handler then waits for it instead of giving the
 * event up to the dead-letter topic.
 */
export async function callInternal<T>(
  service: string,
  options: InternalServiceOptions,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const where = `${method} ${path}`;
  const response = await answerFrom(
    service,
    where,
    fetch(`${options.baseUrl.replace(/\/+$/, '')}${path}`, {
      method,
      headers: {
        'x-tidings-service-token': options.serviceToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    }),
  );
  if (!response.ok) throw new Error(`${service} ${where}: HTTP ${response.status}`);
  return (await response.json()) as T;
}
