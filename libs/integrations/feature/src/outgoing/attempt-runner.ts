import { deliveryFailedV1, deliverySucceededV1 } from '@tidings/contracts';
import {
  SqlDeliveriesRepository,
  type AttemptRecord,
  type DeliveriesRepository,
  type DeliveryRecord,
  type SubscriptionRecord,
} from '@tidings/integrations/data-access';
import {
  outcomeOfTry,
  parseRetryAfter,
  signDelivery,
  type TryOutcome,
  type TryResult,
} from '@tidings/integrations/domain';
import type { TransactionRunner } from '@tidings/platform/bus';
import { NotFoundError } from '@tidings/platform/errors';
import type { DeliveryTransports, TransportResult } from './delivery-transport';
import type { DeliveryClock, OutgoingOptions } from './ports';
import type { SubscriptionsService } from './subscriptions.service';

/** A try's lease outlives its timeout by this much (clock skew, a slow commit). */
const LEASE_MARGIN_MS = 30_000;
/** The answer kept in the delivery log. */
const LOGGED_ANSWER_BYTES = 2048;

/** What one try came to. */
export interface AttemptReport {
  deliveryId: string;
  subscriptionId: string;
  attempt: number;
  /** The delivery's status after the try. */
  outcome: DeliveryRecord['status'];
  statusCode: number | null;
  error: string | null;
  /** The answer parsed as JSON, when it was JSON (undefined otherwise). */
  json: unknown;
}

const firstBytes = (text: string | null, bytes: number) =>
  text === null ? null : Buffer.from(text, 'utf8').subarray(0, bytes).toString('utf8');

function parsedJson(body: string | null): unknown {
  if (!body) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function tryResultOf(
  result: Exclude<TransportResult, { kind: 'unavailable' }>,
  now: number,
): TryResult {
  if (result.kind === 'ack') return { kind: 'ack' };
  if (result.kind === 'error')
    return { kind: 'error', error: result.error, retryAfterMs: result.retryAfterMs ?? null };
  return {
    kind: 'response',
    statusCode: result.statusCode,
    retryAfterMs: parseRetryAfter(result.retryAfter, now),
  };
}

/**
 * One try of one delivery: take it (a lease, so no other pass or process tries it at once),
 * sign it (a fresh timestamp, the same `webhook-id` and body), send it through its mode's
 * transport, then record the try, the delivery's new state and `integrations.delivery.*` in one
 * transaction. A 410 also disables the subscription and kills its other deliveries there.
 */
export class AttemptRunner {
  random: () => number = Math.random;

  constructor(
    private readonly repo: DeliveriesRepository,
    private readonly runner: TransactionRunner,
    private readonly subscriptions: SubscriptionsService,
    private readonly transports: DeliveryTransports,
    private readonly clock: DeliveryClock,
    private readonly options: Pick<OutgoingOptions, 'timeoutMs'>,
  ) {}

  /** Null when not tried: taken elsewhere, finished, subscription inactive, no connector. */
  async run(delivery: DeliveryRecord, known?: SubscriptionRecord): Promise<AttemptReport | null> {
    const now = this.clock.now();
    const lease = now + this.options.timeoutMs + LEASE_MARGIN_MS;
    if (!(await this.repo.claim(delivery.id, now, lease))) return null;
    let recorded = false;
    try {
      const current = await this.repo.find(delivery.id); // the tries made, as of the claim
      const subscription = known ?? (await this.subscriptionOf(delivery.subscriptionId));
      const transport = subscription && this.transports.get(subscription.mode);
      if (!current || !subscription || subscription.status !== 'active' || !transport) return null;
      const number = current.attempts + 1;
      // The signature's timestamp is the wall clock's: receivers compare it with theirs.
      const headers = signDelivery(
        current.id,
        new Date(),
        current.body,
        this.subscriptions.signingSecrets(subscription),
      );
      const startedAt = this.clock.now();
      const result = await transport.deliver({
        deliveryId: current.id,
        attempt: number,
        subscription,
        headers: { ...headers },
        body: current.body,
        timeoutMs: this.options.timeoutMs,
      });
      if (result.kind === 'unavailable') return null;
      const outcome = outcomeOfTry(
        tryResultOf(result, this.clock.now()),
        number - current.roundStart,
        this.clock.now(),
        this.random,
      );
      const body = result.kind === 'error' ? null : result.body;
      const attempt: AttemptRecord = {
        deliveryId: current.id,
        number,
        startedAt,
        requestHeaders: { ...headers },
        statusCode: result.kind === 'response' ? result.statusCode : null,
        error: result.kind === 'error' ? result.error.slice(0, 1000) : null,
        latencyMs: result.latencyMs,
        responseBody: firstBytes(body, LOGGED_ANSWER_BYTES),
      };
      await this.record(current, subscription, attempt, outcome);
      recorded = true;
      return {
        deliveryId: current.id,
        subscriptionId: subscription.id,
        attempt: number,
        outcome: outcome.status,
        statusCode: attempt.statusCode,
        error: attempt.error,
        json: parsedJson(body),
      };
    } finally {
      if (!recorded) await this.repo.release(delivery.id).catch(() => undefined);
    }
  }

  /** A finished delivery's last try, as a report (its answer as logged: the first 2 KB). */
  async lastReport(delivery: DeliveryRecord): Promise<AttemptReport | null> {
    const last = (await this.repo.attempts(delivery.id)).at(-1);
    if (!last) return null;
    return {
      deliveryId: delivery.id,
      subscriptionId: delivery.subscriptionId,
      attempt: last.number,
      outcome: delivery.status,
      statusCode: last.statusCode,
      error: last.error,
      json: parsedJson(last.responseBody),
    };
  }

  private async record(
    delivery: DeliveryRecord,
    subscription: SubscriptionRecord,
    attempt: AttemptRecord,
    outcome: TryOutcome,
  ): Promise<void> {
    const gone = 'The endpoint answered 410 Gone: the subscription was disabled.';
    const lastError = outcome.gone ? gone : attempt.error;
    const at = this.clock.now();
    await this.runner.run(async (tx) => {
      const repo = new SqlDeliveriesRepository(tx.manager);
      await repo.recordAttempt(attempt, {
        status: outcome.status,
        nextAttemptAt: outcome.nextAttemptAt,
        lastStatusCode: attempt.statusCode,
        lastError,
        succeededAt: outcome.status === 'succeeded' ? at : null,
        finishedAt: outcome.status === 'failed' ? null : at,
      });
      if (outcome.gone) {
        await this.subscriptions.disableGoneInTx(tx, subscription.id, gone);
        await repo.killUnfinished(subscription.id, gone, at);
      }
      const common = {
        subscriptionId: subscription.id,
        deliveryId: delivery.id,
        eventId: delivery.eventId,
        eventType: delivery.eventType,
        attempt: attempt.number,
        statusCode: attempt.statusCode,
      };
      const meta = { key: subscription.id, actor: { kind: 'system' as const, id: 'integrations' } };
      if (outcome.status === 'succeeded')
        tx.publish(deliverySucceededV1, {
          ...meta,
          data: { ...common, latencyMs: attempt.latencyMs },
        });
      else
        tx.publish(deliveryFailedV1, {
          ...meta,
          data: {
            ...common,
            error: lastError,
            final: outcome.final,
            nextAttemptAt:
              outcome.nextAttemptAt === null ? null : new Date(outcome.nextAttemptAt).toISOString(),
            finalReason: outcome.finalReason,
          },
        });
    });
  }

  private async subscriptionOf(id: string): Promise<SubscriptionRecord | null> {
    try {
      return await this.subscriptions.get(id);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }
}
