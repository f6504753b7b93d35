import { Inject, Injectable, Logger } from '@nestjs/common';
import { cardActionV1, cardSchema, type Card } from '@tidings/contracts';
import { checkClick, type CardClick } from '@tidings/integrations/domain';
import { BusRuntime, uuidv7, type TransactionRunner } from '@tidings/platform/bus';
import { DomainError, ForbiddenError, NotFoundError } from '@tidings/platform/errors';
import type { PrincipalRef } from '../ports';
import {
  CARD_ACTION_DELIVERY,
  INTEGRATIONS_CARDS,
  type CardActionDelivery,
  type ImmediateAnswer,
  type IntegrationsCards,
} from './ports';

/** What a click came to, as the person's client is told. */
export type ClickResult =
  /** The integration answered with a new card; it is in place. */
  | { status: 'updated'; card: Card; cardVersion: number }
  /** A receiver took the click (2xx) without a new card: it may update the card later. */
  | { status: 'delivered' }
  /** Nobody took it yet (no receiver answered 2xx, or it went to a /connect socket). */
  | { status: 'queued' };

/**
 * Clicks on card actions (docs/integrations.md, "Interactive cards"): checks the click against
 * the card the person may see, records it as `integrations.card.action` (one write path: the
 * outbox), then hands it straight to the sender's subscriptions so an OA system's synchronous
 * answer — a card saying "Approved by 王芳 at 14:02" — replaces the card before the click's
 * answer returns. A receiver that is down changes nothing here: the delivery engine retries it,
 * and the integration can update the card later through `PUT /messages/{id}/card`.
 */
@Injectable()
export class CardActions {
  private readonly logger = new Logger('CardActions');
  private readonly runner: TransactionRunner;

  constructor(
    bus: BusRuntime,
    @Inject(INTEGRATIONS_CARDS) private readonly cards: IntegrationsCards,
    @Inject(CARD_ACTION_DELIVERY) private readonly delivery: CardActionDelivery,
  ) {
    this.runner = bus.runnerFor('integrations');
  }

  async click(principal: PrincipalRef, messageId: string, click: CardClick): Promise<ClickResult> {
    const found = await this.cards.cardOf(messageId, principal);
    if (!found || found.card === null)
      throw new NotFoundError('integrations.card.not_found', 'No such card.');
    if (!found.reader.member)
      throw new ForbiddenError(
        'integrations.card.not_member',
        'Only members of the conversation may act on its cards.',
      );
    const checked = checkClick(found.card, click);
    if (!checked.ok)
      throw new DomainError('integrations.card.action_invalid', 'unprocessable', checked.message, {
        issues: [{ path: checked.field, message: checked.message }],
      });
    const event = await this.runner.run(async (tx) =>
      tx.publish(cardActionV1, {
        key: found.senderId,
        actor: { kind: 'user', id: found.reader.id },
        data: {
          actionEventId: uuidv7(),
          messageId,
          conversationId: found.conversationId,
          cardVersion: found.cardVersion,
          actionId: click.actionId,
          values: checked.values,
          user: {
            id: found.reader.id,
            username: found.reader.username,
            displayName: found.reader.displayName,
          },
          senderId: found.senderId,
        },
      }),
    );
    const { answers } = await this.delivery.deliverNow(event);
    const card = this.newCardIn(answers, messageId);
    if (card) {
      const updated = await this.cards.updateAsSender(found.senderId, messageId, card);
      return { status: 'updated', card: updated.card, cardVersion: updated.cardVersion };
    }
    const taken = answers.some((a) => a.status !== null && a.status >= 200 && a.status < 300);
    return { status: taken ? 'delivered' : 'queued' };
  }

  /** The first 2xx answer's `{ card }`, when it is a valid card (an invalid one is logged). */
  private newCardIn(answers: readonly ImmediateAnswer[], messageId: string): Card | null {
    for (const answer of answers) {
      if (answer.status === null || answer.status < 200 || answer.status >= 300) continue;
      const json = answer.json;
      if (typeof json !== 'object' || json === null || !('card' in json)) continue;
      const parsed = cardSchema.safeParse((json as { card: unknown }).card);
      if (parsed.success) return parsed.data;
      this.logger.warn(
        `a receiver answered a click on ${messageId} with an invalid card: ${parsed.error.issues
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    }
    return null;
  }
}
