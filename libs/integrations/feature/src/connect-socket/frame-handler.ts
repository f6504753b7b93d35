import type { Logger } from '@nestjs/common';
import { DomainError } from '@tidings/platform/errors';
import type { BotConnection } from './bot-connection';
import {
  ConnectErrorCode,
  type AckFrame,
  type ClientFrame,
  type NackFrame,
  type ParsedFrame,
} from './frames';
import type { ConnectCards } from './ports';
import { cardActionOf, type SocketDeliveryTransport } from './socket-transport';

/**
 * The frames of a signed-in connector (thin: the transport settles a try, the dispatcher
 * records it). An ack with a `card` answers a card action: the card is replaced as the
 * message's sender — the bot — before the try is settled, so the delivery log shows the answer
 * the card came from. Invalid frames are answered with an error frame naming the field; the
 * socket stays open.
 */
export class FrameHandler {
  constructor(
    private readonly transport: SocketDeliveryTransport,
    private readonly cards: ConnectCards,
    private readonly logger: Pick<Logger, 'error'>,
  ) {}

  /** One frame of a signed-in socket (`parsed` undefined: a binary frame). */
  async handle(connection: BotConnection, parsed: ParsedFrame | undefined): Promise<void> {
    if (!parsed || !parsed.ok) {
      connection.send({
        type: 'error',
        code: ConnectErrorCode.invalid,
        message: parsed ? parsed.message : 'Frames are JSON text; binary frames are not accepted.',
        ...(parsed?.issues.length ? { issues: parsed.issues } : {}),
        ...(parsed?.id ? { id: parsed.id } : {}),
      });
      return;
    }
    const botId = connection.bot?.botId as string;
    const frame: ClientFrame = parsed.frame;
    if (frame.type === 'ack') return this.ack(connection, botId, frame);
    if (frame.type === 'nack') return this.nack(connection, botId, frame);
    if (frame.type === 'ping') {
      connection.send({ type: 'pong', ...(frame.id ? { replyTo: frame.id } : {}) });
      return;
    }
    connection.send({
      type: 'error',
      code: ConnectErrorCode.alreadyAuthenticated,
      message: 'This socket is signed in already.',
    });
  }

  async ack(connection: BotConnection, botId: string, frame: AckFrame): Promise<void> {
    // The try's latency ends when the ack arrives, not when its card is stored.
    const ackedAt = performance.now();
    const claim = this.transport.claimAck(botId, frame.id);
    if (!claim.ok) return notInFlight(connection, frame.id);
    if (!frame.card) return this.transport.complete(frame.id, undefined, ackedAt);
    const click = cardActionOf(claim.entry.body, botId);
    if (!click) {
      // The delivery itself was received: acked, and the connector told why its card was not used.
      this.transport.complete(frame.id, { card: frame.card }, ackedAt);
      connection.send({
        type: 'error',
        code: ConnectErrorCode.cardNotExpected,
        id: frame.id,
        message:
          'Only the delivery of a click on a card this bot sent can be answered with a card.',
      });
      return;
    }
    try {
      const updated = await this.cards.updateAsSender(click.senderId, click.messageId, frame.card);
      this.transport.complete(
        frame.id,
        { card: updated.card, cardVersion: updated.cardVersion },
        ackedAt,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) {
        // Our failure: the try stays in flight — a later ack, or its timeout, ends it.
        this.transport.release(frame.id);
        this.logger.error(
          `updating a card from an ack failed: ${String(error)}`,
          (error as Error)?.stack,
        );
        connection.send({
          type: 'error',
          code: ConnectErrorCode.internal,
          id: frame.id,
          message: 'The card could not be updated; send the ack again.',
        });
        return;
      }
      // The click was received; its answer broke a rule (message deleted, card invalid here…).
      this.transport.complete(
        frame.id,
        { card: frame.card, refused: { code: error.code, message: error.message } },
        ackedAt,
      );
      connection.send({
        type: 'error',
        code: ConnectErrorCode.cardRefused,
        id: frame.id,
        message: error.message,
        cause: error.code,
        ...(error.issues ? { issues: error.issues } : {}),
      });
    }
  }

  nack(connection: BotConnection, botId: string, frame: NackFrame): void {
    const retryAfterMs =
      frame.retryAfterSeconds === undefined ? null : frame.retryAfterSeconds * 1000;
    if (!this.transport.nack(botId, frame.id, frame.reason, retryAfterMs))
      notInFlight(connection, frame.id);
  }
}

function notInFlight(connection: BotConnection, id: string): void {
  connection.send({
    type: 'error',
    code: ConnectErrorCode.notInFlight,
    id,
    message:
      'No delivery with this id is in flight for this bot: acked already, or its ack came too late (it will be delivered again).',
  });
}
