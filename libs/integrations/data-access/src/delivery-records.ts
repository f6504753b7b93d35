import { int, intOrNull } from '@tidings/platform/persistence';

// Deliveries and their tries as the repository hands them out, and the rows they come from.

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'dead';

export interface DeliveryRecord {
  /** `msg_…`, the `webhook-id` of every try. */
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  /** The JSON every try sends. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  /** Tries made before the current round of the schedule (a replay starts a new round). */
  roundStart: number;
  nextAttemptAt: number | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: number;
  succeededAt: number | null;
  /** When it last became succeeded or dead (null while unfinished): what retention goes by. */
  finishedAt: number | null;
}

/** A due delivery, with its subscription's mode (the dispatcher caps HTTP tries only). */
export interface DueDelivery extends DeliveryRecord {
  mode: string;
}

export interface AttemptRecord {
  deliveryId: string;
  number: number;
  startedAt: number;
  requestHeaders: Record<string, string>;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  responseBody: string | null;
}

/** A try's effect on its delivery. */
export type AttemptOutcome = Pick<
  DeliveryRecord,
  'status' | 'nextAttemptAt' | 'lastStatusCode' | 'lastError' | 'succeededAt' | 'finishedAt'
>;

export interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  body: string;
  status: string;
  attempts: unknown;
  round_start: unknown;
  next_attempt_ms: unknown;
  last_status_code: unknown;
  last_error: string | null;
  created_ms: unknown;
  succeeded_ms: unknown;
  finished_ms: unknown;
}

export interface AttemptRow {
  delivery_id: string;
  number: unknown;
  started_ms: unknown;
  request_headers: string;
  status_code: unknown;
  error: string | null;
  latency_ms: unknown;
  response_body: string | null;
}

export const toDelivery = (r: DeliveryRow): DeliveryRecord => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  eventId: r.event_id,
  eventType: r.event_type,
  body: r.body,
  status: r.status as DeliveryStatus,
  attempts: int(r.attempts),
  roundStart: int(r.round_start),
  nextAttemptAt: intOrNull(r.next_attempt_ms),
  lastStatusCode: intOrNull(r.last_status_code),
  lastError: r.last_error,
  createdAt: int(r.created_ms),
  succeededAt: intOrNull(r.succeeded_ms),
  finishedAt: intOrNull(r.finished_ms),
});

export const toAttempt = (r: AttemptRow): AttemptRecord => ({
  deliveryId: r.delivery_id,
  number: int(r.number),
  startedAt: int(r.started_ms),
  requestHeaders: JSON.parse(r.request_headers) as Record<string, string>,
  statusCode: intOrNull(r.status_code),
  error: r.error,
  latencyMs: int(r.latency_ms),
  responseBody: r.response_body,
});
