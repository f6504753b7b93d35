import type {
  AttemptRecord,
  DeliveryRecord,
  SubscriptionRecord,
} from '@tidings/integrations/data-access';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A subscription as the API shows it — never its secret (shown once, at creation and rotation). */
export function subscriptionView(s: SubscriptionRecord, now = Date.now()) {
  return {
    id: s.id,
    name: s.name,
    mode: s.mode,
    url: s.url,
    botId: s.botId,
    webhookId: s.webhookId,
    events: s.events,
    filters: s.filters,
    ordered: s.ordered,
    status: s.status,
    disabledReason: s.disabledReason,
    createdBy: s.createdBy,
    createdAt: new Date(s.createdAt).toISOString(),
    previousSecretValidUntil:
      s.previousUntil !== null && s.previousUntil > now ? iso(s.previousUntil) : null,
  };
}
export type SubscriptionView = ReturnType<typeof subscriptionView>;

/** One delivery in the delivery log. */
export function deliveryView(d: DeliveryRecord) {
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' || d.status === 'failed' ? iso(d.nextAttemptAt) : null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: new Date(d.createdAt).toISOString(),
    succeededAt: iso(d.succeededAt),
  };
}
export type DeliveryView = ReturnType<typeof deliveryView>;

/** One try: what was sent (the signature is no secret) and what came back. */
export function attemptView(a: AttemptRecord, requestBody: string) {
  let body: unknown = requestBody;
  try {
    body = JSON.parse(requestBody) as unknown;
  } catch {
    // stored as sent; shown as text
  }
  return {
    number: a.number,
    startedAt: new Date(a.startedAt).toISOString(),
    requestHeaders: a.requestHeaders,
    requestBody: body,
    statusCode: a.statusCode,
    error: a.error,
    latencyMs: a.latencyMs,
    responseBody: a.responseBody,
  };
}
