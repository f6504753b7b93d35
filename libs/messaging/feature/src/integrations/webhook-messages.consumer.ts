import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  cardSchema,
  webhookReceivedV1,
  type Card,
  type EventEnvelope,
  type WebhookReceivedV1,
} from '@tidings/contracts';
import { messagingStore, type Db } from '@tidings/messaging/data-access';
import { EventBus, GroupCommit, type Outcome, type TransactionRunner } from '@tidings/platform/bus';
import { DomainError } from '@tidings/platform/errors';
import type { MessagingLimits } from '../messaging-options';
import { appendAll, type Draft } from '../messages/append';

/** What became of a message an incoming webhook asked for. */
export type WebhookMessageStatus =
  { status: 'pending' } | { status: 'posted' } | { status: 'failed'; reason: string };

/** Refusals remembered for the status route (per process, newest kept). */
const MAX_REFUSALS = 10_000;
/** Posts committed together at most. */
const MAX_BATCH = 100;

/**
 * Posts what incoming webhooks accepted (`integrations.webhook.received`, docs/integrations.md),
 * with the payload's card when it had one: as the integration (sender kind `integration`,
 * never a person), under the message id the integrations service assigned — so a redelivered
 * event finds its message and posts nothing twice. The checks are the system's, not a
 * member's: the conversation must still exist and not be archived, the text and the card must
 * fit. A refusal is logged and answered by `statusOf`; it is not retried (it would be refused
 * again). The webhook updates its card later as the sender (IntegrationCards.updateAsSender).
 *
 * The webhook shows under its display name: its sender id is the webhook id, kept in the
 * users projection as `webhook:<id>` (a name no mention can reach).
 */
@Injectable()
export class WebhookMessagesConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly GROUP = 'messaging.integrations';
  private readonly logger = new Logger('WebhookMessagesConsumer');
  private subscription: { close(): Promise<void> } | undefined;
  private readonly refusals = new Map<string, string>();
  /**
   * Group commit, gathered per event-loop turn: the bus's partition readers woken together
   * share one transaction (a busy webhook sender costs a fraction of a commit per message).
   */
  private readonly posts = new GroupCommit<WebhookReceivedV1, string | null>(
    (batch) => this.postAll(batch),
    MAX_BATCH,
    { gather: true },
  );

  constructor(
    private readonly bus: EventBus,
    private readonly runner: TransactionRunner,
    private readonly limits: MessagingLimits,
    private readonly db: Db,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.bus.subscribeInBackground(
      WebhookMessagesConsumer.GROUP,
      [webhookReceivedV1.topic],
      (event) => this.handle(event),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }

  async handle(event: EventEnvelope): Promise<void> {
    if (event.type !== webhookReceivedV1.type || event.version !== webhookReceivedV1.version)
      return;
    const data = webhookReceivedV1.schema.parse(event.data);
    const refusal = await this.post(data);
    if (refusal === null) return;
    this.logger.warn(
      `webhook ${data.webhookId}: message ${data.messageId} to ${data.conversationId} not posted: ${refusal}`,
    );
    if (this.refusals.size >= MAX_REFUSALS) {
      const oldest = this.refusals.keys().next().value;
      if (oldest !== undefined) this.refusals.delete(oldest);
    }
    this.refusals.set(data.messageId, refusal);
  }

  /** Posts the message; answers why not, or null when it is posted (now or before). */
  private post(data: WebhookReceivedV1): Promise<string | null> {
    return this.posts.submit(data);
  }

  /**
   * A batch in one transaction; should it fail as a whole, each post runs again alone so one
   * cannot fail another.
   */
  private async postAll(batch: WebhookReceivedV1[]): Promise<Array<Outcome<string | null>>> {
    try {
      return (await this.commit(batch)).map((value) => ({ ok: true, value }));
    } catch (error) {
      if (batch.length === 1) return [{ ok: false, error }];
    }
    const outcomes: Array<Outcome<string | null>> = [];
    for (const data of batch) {
      try {
        const [value] = await this.commit([data]);
        outcomes.push({ ok: true, value: value ?? null });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }

  private commit(batch: readonly WebhookReceivedV1[]): Promise<Array<string | null>> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const refusals: Array<string | null> = batch.map(() => null);
      const drafts: Array<{ index: number; draft: Draft }> = [];
      const conversations = new Map<string, { archivedAt: number | null } | null>();
      const profiles = new Map<string, string>();
      for (const [index, data] of batch.entries()) {
        // A redelivered event (or one repeated within the batch) finds its message posted.
        if (
          drafts.some((d) => d.draft.id === data.messageId) ||
          (await store.messages.findById(data.messageId))
        )
          continue;
        if (!conversations.has(data.conversationId))
          conversations.set(
            data.conversationId,
            (await store.conversations.findById(data.conversationId)) ?? null,
          );
        const refusal = this.refusalOf(data, conversations.get(data.conversationId) ?? null);
        if (typeof refusal === 'string') {
          refusals[index] = refusal;
          continue;
        }
        profiles.set(data.webhookId, data.displayName);
        drafts.push({ index, draft: draftOf(data, refusal) });
      }
      // The display name as the webhook's newest request gave it (a rename shows from then on).
      for (const [id, displayName] of profiles)
        await store.users.upsertProfile({ id, username: `webhook:${id}`, displayName });
      const results = await appendAll(
        tx,
        store,
        drafts.map((d) => d.draft),
        Date.now(),
      );
      results.forEach((result, i) => {
        if (result instanceof DomainError) refusals[drafts[i]?.index ?? -1] = result.message;
      });
      return refusals;
    });
  }

  /** Why the system refuses this post (conversation, length, card), or the card it carries. */
  private refusalOf(
    data: WebhookReceivedV1,
    conversation: { archivedAt: number | null } | null,
  ): string | Card | null {
    if (!conversation) return 'the conversation no longer exists';
    if (conversation.archivedAt !== null) return 'the conversation is archived';
    if ([...data.text].length > this.limits.maxMessageChars)
      return `the text is longer than ${this.limits.maxMessageChars} characters`;
    return cardOf(data);
  }

  /** Posted (the message exists), failed (refused here), or still pending. */
  async statusOf(messageId: string): Promise<WebhookMessageStatus> {
    if (await messagingStore(this.db).messages.findById(messageId)) return { status: 'posted' };
    const reason = this.refusals.get(messageId);
    return reason === undefined ? { status: 'pending' } : { status: 'failed', reason };
  }
}

/**
 * The payload's card, checked again against the schema the webhook's parser used (the event
 * carries it untyped): a card, null for none, or why it cannot be stored.
 */
function cardOf(data: WebhookReceivedV1): Card | null | string {
  if (data.card === undefined || data.card === null) return null;
  const checked = cardSchema.safeParse(data.card);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0];
  return `the card is invalid: ${['card', ...(issue?.path ?? [])].join('.')}: ${issue?.message ?? 'invalid'}`;
}

/** The message a webhook post becomes: from the integration, under the id integrations gave. */
function draftOf(data: WebhookReceivedV1, card: Card | null): Draft {
  const sender = { kind: 'integration' as const, id: data.webhookId };
  return {
    id: data.messageId,
    conversationId: data.conversationId,
    sender,
    actor: sender,
    text: data.text,
    broadcast: null,
    mentions: [],
    fileIds: [],
    clientMsgId: null,
    thread: null,
    system: null,
    card,
  };
}
