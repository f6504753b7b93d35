import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  webhookReceivedV1,
  webhookRejectedV1,
  type WebhookReceivedV1,
  type WebhookRejectedV1,
} from '@tidings/contracts';
import {
  WebhooksRepository,
  type AcceptedRequest,
  type WebhookRecord,
} from '@tidings/integrations/data-access';
import {
  bodyHash,
  checkDingTalkSignature,
  checkStandardSignature,
  checkUrlToken,
  chooseTarget,
  idempotencyKeyOf,
  IpAllowlist,
  PayloadError,
  readWebhookBody,
  replayOf,
  statusPathOf,
  TokenBuckets,
  type AuthResult,
  type NormalizedMessage,
} from '@tidings/integrations/domain';
import {
  BusRuntime,
  GroupCommit,
  uuidv7,
  type Outcome,
  type TransactionRunner,
} from '@tidings/platform/bus';
import { DomainError, NotFoundError } from '@tidings/platform/errors';
import { DATA_SOURCE, isUniqueViolation } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import {
  INTEGRATIONS_OPTIONS,
  SECRET_SEALER,
  type IntegrationsOptions,
  type SecretSealer,
} from './ports';
import { sealContextOf } from './webhooks.service';

/** One request to `POST /hooks/{id}`, as the HTTP layer hands it over. */
export interface HookRequest {
  webhookId: string;
  query: Record<string, string | undefined>;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  body: Buffer;
  remoteAddress: string | undefined;
}

/** What was accepted (or what a replay's original was). */
export interface HookAccepted {
  messageId: string;
  status: string;
}

type Reason = WebhookRejectedV1['reason'];

/** An accepted request's row and the event that asks messaging to post it. */
interface Acceptance {
  request: AcceptedRequest;
  event: WebhookReceivedV1;
}

/** Acceptances committed together at most. */
const MAX_BATCH = 200;
/** Opened secrets kept at most (the sealed form is the key: a rotation misses the cache). */
const MAX_OPENED = 10_000;

/** A refusal; `retryAfterSeconds` for 429. */
export class HookRefusal extends DomainError {
  constructor(
    code: string,
    kind: DomainError['kind'],
    message: string,
    readonly field: string | null,
    readonly retryAfterSeconds?: number,
  ) {
    super(code, kind, message, field ? { issues: [{ path: field, message }] } : {});
  }
}

/**
 * `POST /hooks/{id}` (docs/integrations.md): address allowlist, rate limit, authentication
 * per mode, idempotency, payload → the message, then `integrations.webhook.received` and the
 * request row in one transaction. Messaging posts the message when it consumes the event.
 *
 * The rate limit comes before authentication on purpose: it bounds the work (and the
 * `rejected` events) an unauthenticated flood at a known URL can cause.
 *
 * Acceptances are group-committed (GroupCommit): requests arriving while one transaction
 * commits share the next, so a busy sender pays a fraction of a commit per request. Sealed
 * secrets are opened once and kept (the AES key setup cost more than the HMAC itself).
 */
@Injectable()
export class IncomingWebhooks {
  private readonly logger = new Logger('IncomingWebhooks');
  private readonly repo: WebhooksRepository;
  private readonly runner: TransactionRunner;
  readonly buckets: TokenBuckets;
  private readonly accepts: GroupCommit<Acceptance, void>;
  private readonly opened = new Map<string, string>();
  /** Clock for the signature windows (tests move it). */
  now: () => number = Date.now;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    bus: BusRuntime,
    @Inject(SECRET_SEALER) private readonly sealer: SecretSealer,
    @Inject(INTEGRATIONS_OPTIONS) readonly options: IntegrationsOptions,
  ) {
    this.repo = new WebhooksRepository(dataSource);
    this.runner = bus.runnerFor('integrations');
    this.buckets = new TokenBuckets(options.rate);
    this.accepts = new GroupCommit((batch) => this.commitAll(batch), MAX_BATCH, { gather: true });
  }

  async handle(request: HookRequest): Promise<HookAccepted> {
    const webhook = await this.repo.find(request.webhookId);
    if (!webhook) throw new NotFoundError('integrations.webhook.not_found', 'No such webhook.');
    if (!new IpAllowlist(webhook.ipAllowlist).allows(request.remoteAddress))
      await this.reject(
        webhook,
        request,
        'ip_not_allowed',
        null,
        'forbidden',
        'This address may not post to this webhook.',
      );
    const take = this.buckets.take(webhook.id);
    if (!take.ok)
      throw new HookRefusal(
        'integrations.webhook.rate_limited',
        'rate_limited',
        `Too many requests to this webhook; retry in ${take.retryAfterSeconds} s.`,
        null,
        take.retryAfterSeconds,
      );
    const auth = this.authenticate(webhook, request);
    if (!auth.ok)
      await this.reject(webhook, request, auth.reason, auth.field, 'unauthenticated', auth.message);
    const key = idempotencyKeyOf({
      idempotencyKey: request.headers['idempotency-key'],
      webhookId: request.headers['webhook-id'],
    });
    if (!key.ok)
      await this.reject(webhook, request, 'payload_invalid', key.field, 'invalid', key.message);
    const idempotencyKey = key.ok ? key.key : null;
    const hash = bodyHash(request.body);
    if (idempotencyKey !== null) {
      const replay = await this.replay(webhook, request, idempotencyKey, hash);
      if (replay) return replay;
    }
    const { message, conversationId } = await this.messageOf(webhook, request);
    const messageId = uuidv7();
    const acceptance: Acceptance = {
      request: {
        messageId,
        webhookId: webhook.id,
        idempotencyKey,
        bodyHash: hash,
        conversationId,
        createdAt: Date.now(),
      },
      event: {
        webhookId: webhook.id,
        conversationId,
        messageId,
        text: message.text,
        ...(message.card === undefined ? {} : { card: message.card }),
        displayName: webhook.displayName,
        avatarUrl: webhook.avatarUrl,
        idempotencyKey,
      },
    };
    try {
      await this.accepts.submit(acceptance);
    } catch (error) {
      // The same key racing in at once: the loser rolled back and answers the winner.
      if (idempotencyKey !== null && isUniqueViolation(error)) {
        const replay = await this.replay(webhook, request, idempotencyKey, hash);
        if (replay) return replay;
      }
      throw error;
    }
    return { messageId, status: statusPathOf(webhook.id, messageId) };
  }

  /**
   * One transaction for the batch; should it fail (two requests with one idempotency key in
   * it, or racing another process), each acceptance runs again alone so one cannot fail another.
   */
  private async commitAll(batch: Acceptance[]): Promise<Array<Outcome<void>>> {
    try {
      await this.commit(batch);
      return batch.map(() => ({ ok: true, value: undefined }));
    } catch (error) {
      if (batch.length === 1) return [{ ok: false, error }];
    }
    const outcomes: Array<Outcome<void>> = [];
    for (const acceptance of batch) {
      try {
        await this.commit([acceptance]);
        outcomes.push({ ok: true, value: undefined });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }

  private commit(batch: readonly Acceptance[]): Promise<void> {
    return this.runner.run(async (tx) => {
      const repo = new WebhooksRepository(tx.manager);
      for (const { request, event } of batch) {
        await repo.insertRequest(request);
        tx.publish(webhookReceivedV1, {
          key: event.webhookId,
          actor: { kind: 'integration', id: event.webhookId },
          data: event,
        });
      }
    });
  }

  private async replay(
    webhook: WebhookRecord,
    request: HookRequest,
    key: string,
    hash: string,
  ): Promise<HookAccepted | null> {
    const replay = replayOf(await this.repo.requestByKey(webhook.id, key), hash);
    if (replay.kind === 'new') return null;
    if (replay.kind === 'reused') {
      const field =
        request.headers['idempotency-key'] !== undefined ? 'Idempotency-Key' : 'webhook-id';
      await this.reject(
        webhook,
        request,
        'idempotency_key_reused',
        field,
        'conflict',
        `This ${field} was already used for a different body.`,
      );
    }
    return { messageId: replay.messageId, status: statusPathOf(webhook.id, replay.messageId) };
  }

  private async messageOf(
    webhook: WebhookRecord,
    request: HookRequest,
  ): Promise<{ message: NormalizedMessage; conversationId: string }> {
    const contentType = request.headers['content-type'] ?? '';
    let message: NormalizedMessage;
    try {
      message = readWebhookBody(request.body.toString('utf8'), contentType);
    } catch (error) {
      if (!(error instanceof PayloadError)) throw error;
      return await this.reject(
        webhook,
        request,
        'payload_invalid',
        error.field,
        error.kind,
        error.message,
      );
    }
    // A webhook bound to one conversation ignores `channel` (Slack's own webhooks do too).
    const target =
      webhook.targets.length > 1
        ? chooseTarget(webhook.targets, message.channel)
        : webhook.targets[0];
    if (!target)
      return await this.reject(
        webhook,
        request,
        'conversation_not_allowed',
        'channel',
        'unprocessable',
        `This webhook may not post to "${message.channel}"; it may post to: ${webhook.targets.map((t) => t.name ?? t.id).join(', ')}.`,
      );
    return { message, conversationId: target.id };
  }

  private authenticate(webhook: WebhookRecord, request: HookRequest): AuthResult {
    const now = this.now();
    const previousValid = webhook.previousSecret !== null && (webhook.previousUntil ?? 0) > now;
    const stored = previousValid
      ? [webhook.secret, webhook.previousSecret as string]
      : [webhook.secret];
    if (webhook.authMode === 'url') return checkUrlToken(request.query['token'], stored);
    const secrets = stored.map((sealed) => this.openSecret(webhook.id, sealed));
    if (webhook.authMode === 'standard')
      return checkStandardSignature(
        {
          id: request.headers['webhook-id'],
          timestamp: request.headers['webhook-timestamp'],
          signature: request.headers['webhook-signature'],
        },
        request.body,
        secrets,
        now,
      );
    return checkDingTalkSignature(
      { timestamp: request.query['timestamp'], sign: request.query['sign'] },
      secrets,
      now,
    );
  }

  private openSecret(webhookId: string, sealed: string): string {
    const key = `${webhookId}\u0000${sealed}`;
    const cached = this.opened.get(key);
    if (cached !== undefined) return cached;
    const secret = this.sealer.open(sealed, sealContextOf(webhookId));
    if (this.opened.size >= MAX_OPENED) this.opened.clear();
    this.opened.set(key, secret);
    return secret;
  }

  /** Records the refusal (`integrations.webhook.rejected`, never the secret) and throws it. */
  private async reject(
    webhook: WebhookRecord,
    request: HookRequest,
    reason: Reason,
    field: string | null,
    kind: DomainError['kind'],
    message: string,
  ): Promise<never> {
    try {
      await this.runner.run(async (tx) => {
        tx.publish(webhookRejectedV1, {
          key: webhook.id,
          actor: { kind: 'integration', id: webhook.id },
          data: {
            webhookId: webhook.id,
            reason,
            field,
            remoteAddress: request.remoteAddress ?? null,
          },
        });
      });
    } catch (error) {
      // The refusal stands even if recording it failed.
      this.logger.warn(`recording a rejected request to ${webhook.id} failed: ${String(error)}`);
    }
    throw new HookRefusal(`integrations.webhook.${reason}`, kind, message, field);
  }
}
