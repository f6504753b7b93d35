import {
  DEFAULT_DELIVERY_POLICY,
  EgressClient,
  EgressError,
  type EgressPolicy,
} from '@tidings/platform/egress';
import type { DeliveryAttempt, DeliveryTransport, TransportResult } from './delivery-transport';
import type { OutgoingOptions } from './ports';

/** Read of an answer at most: enough for a card in a synchronous card-action answer. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * `http` mode: a POST of the signed body through the SSRF guard (@tidings/platform/egress) —
 * private, loopback and link-local addresses refused when connecting unless the host is on
 * INTEGRATIONS_ALLOW_HOSTS; ports 80, 443 and 1024–65535; no redirects followed (a 3xx is a
 * failed try: the subscription's URL should be updated, not silently followed).
 */
export class HttpDeliveryTransport implements DeliveryTransport {
  private readonly client: EgressClient;

  constructor(options: Pick<OutgoingOptions, 'allowHosts' | 'timeoutMs'>) {
    const policy: EgressPolicy = {
      ...DEFAULT_DELIVERY_POLICY,
      allowHosts: new Set(options.allowHosts),
      timeoutMs: options.timeoutMs,
    };
    this.client = new EgressClient(policy);
  }

  async deliver(attempt: DeliveryAttempt): Promise<TransportResult> {
    const started = performance.now();
    let url: URL;
    try {
      url = new URL(attempt.subscription.url ?? '');
    } catch {
      return { kind: 'error', error: 'The subscription has no valid URL.', latencyMs: 0 };
    }
    try {
      const answer = await this.client.send({
        method: 'POST',
        url,
        headers: attempt.headers,
        body: attempt.body,
        timeoutMs: attempt.timeoutMs,
        redirects: 'manual',
        limits: { maxBytes: MAX_ANSWER_BYTES, overflow: 'truncate' },
      });
      const retryAfter = answer.headers['retry-after'];
      return {
        kind: 'response',
        statusCode: answer.status,
        retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
        body: answer.body.toString('utf8'),
        latencyMs: answer.latencyMs,
      };
    } catch (error) {
      const latencyMs = Math.round(performance.now() - started);
      if (!(error instanceof EgressError)) throw error;
      return { kind: 'error', error: `${error.reason}: ${error.message}`, latencyMs };
    }
  }

  close(): void {
    this.client.destroy();
  }
}
