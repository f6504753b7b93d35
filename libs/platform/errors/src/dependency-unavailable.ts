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
