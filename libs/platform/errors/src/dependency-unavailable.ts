/**
 * Another service this one needs cannot answer right now (down, restarting, timing out). Not a
 * fault of the request or the event: a bus handler that throws it is retried until the
 * dependency is back — it never sends the event to the dead-letter topic, since the same
 * event would succeed a moment later (a rolling restart, a crashed process coming back).
 */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} unavailable: ${message}`, options);
    this.name = 'DependencyUnavailableError';
  }
}

/**
 * A request to another service under the outage rule every internal client shares: no answer
 * (refused, reset, timed out) or a 5xx is a DependencyUnavailableError; any other response is
 * the caller's to judge. `where` names the request in the error (`GET /api/v1/internal/…`).
 */
export async function answerFrom(
  dependency: string,
  where: string,
  request: Promise<Response>,
): Promise<Response> {
  const response = await request.catch((error: unknown) => {
    throw new DependencyUnavailableError(dependency, `${where}: ${String(error)}`, {
      cause: error,
    });
  });
  if (response.status >= 500)
    throw new DependencyUnavailableError(dependency, `${where}: HTTP ${response.status}`);
  return response;
}
