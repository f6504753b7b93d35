import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Accept a caller's request id only if it looks like one; never echo arbitrary input. */
const safeRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's `genReqId`: keeps a well-formed `X-Request-Id` from a proxy or client so one id
 * follows a request across services, otherwise mints a uuid. Fastify stores it as
 * `request.id`, and the logger and problem documents pick it up from there.
 */
export function requestIdOf(req: Pick<IncomingMessage, 'headers'>): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && safeRequestId.test(given) ? given : randomUUID();
}
