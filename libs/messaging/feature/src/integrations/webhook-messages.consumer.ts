import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { webhookReceivedV1, type EventEnvelope, type WebhookReceivedV1 } from '@tidings/contracts';
import { messagingStore, type Db } from '@tidings/messaging/data-access';
import { EventBus, type TransactionRunner } from '@tidings/platform/bus';
import { DomainError } from '@tidings/platform/errors';
import type { MessagingLimits } from '../messaging-options';
import { appendAll } from '../messages/append';

/** What became of a message an incoming webhook asked for. */
export type WebhookMessageStatus =
  { status: 'pending' } | { status: 'posted' } | { status: 'failed'; reason: string };

/** Refusals remembered for the status route (per process, newest kept). */
const MAX_REFUSALS = 10_000;

/**
 * Posts what incoming webhooks accepted (`integrations.webhook.received`, docs/integrations.md):
 * as the integration (sender kind `integration`, never a person), under the message id the
 * integrations service assigned — so a redelivered event finds its message and posts nothing
 * twice. The checks are the system's, not a member's: the conversation must still exist and
 * not be archived, the text must fit. A refusal is logged and answered by `statusOf`; it is
 * not retried (it would be refused again).
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
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      if (await store.messages.findById(data.messageId)) return null;
      const conversation = await store.conversations.findById(data.conversationId);
      if (!conversation) return 'the conversation no longer exists';
      if (conversation.archivedAt !== null) return 'the conversation is archived';
      if ([...data.text].length > this.limits.maxMessageChars)
        return `the text is longer than ${this.limits.maxMessageChars} characters`;
      await store.users.upsertProfile({
        id: data.webhookId,
        username: `webhook:${data.webhookId}`,
        displayName: data.displayName,
      });
      const actor = { kind: 'integration' as const, id: data.webhookId };
      const [result] = await appendAll(
        tx,
        store,
        [
          {
            id: data.messageId,
            conversationId: data.conversationId,
            sender: { id: data.webhookId, kind: 'integration' },
            actor,
            text: data.text,
            broadcast: null,
            mentions: [],
            fileIds: [],
            clientMsgId: null,
            thread: null,
            system: null,
          },
        ],
        Date.now(),
      );
      return result instanceof DomainError ? result.message : null;
    });
  }

  /** Posted (the message exists), failed (refused here), or still pending. */
  async statusOf(messageId: string): Promise<WebhookMessageStatus> {
    if (await messagingStore(this.db).messages.findById(messageId)) return { status: 'posted' };
    const reason = this.refusals.get(messageId);
    return reason === undefined ? { status: 'pending' } : { status: 'failed', reason };
  }
}
