import { Inject, Injectable } from '@nestjs/common';
import {
  TYPING_EXPIRES_MS,
  TypingThrottle,
  typingFrameSchema,
  type FanoutSettings,
  type TypingFrame,
} from '@tidings/gateway/domain';
import { DomainError } from '@tidings/platform/errors';
import { GatewayMessage, type FrameContext, type FrameHandler } from '../frame-handler';
import { AudienceLookup } from './audience';
import { DELIVERY_ROUTE, FANOUT_SETTINGS, type DeliveryRoute } from './ports';

const THROTTLE = Symbol('typing.throttle');

/**
 * `typing` → an ephemeral `typing` frame on the other members' devices: never stored, no seq,
 * throttled per connection and conversation; clients drop the indicator after
 * TYPING_EXPIRES_MS without a refresh. Only members may say they type in a conversation —
 * otherwise anyone could probe conversation ids and watch who reacts.
 */
@Injectable()
@GatewayMessage('typing', { permission: 'messaging.write', schema: typingFrameSchema })
export class TypingHandler implements FrameHandler<TypingFrame> {
  constructor(
    private readonly audience: AudienceLookup,
    @Inject(DELIVERY_ROUTE) private readonly route: DeliveryRoute,
    @Inject(FANOUT_SETTINGS) private readonly settings: FanoutSettings,
  ) {}

  async handle(frame: TypingFrame, context: FrameContext): Promise<undefined> {
    const { connection } = context;
    const typist = connection.recipientId as string;
    const members = await this.audience.membersOf(frame.conversationId);
    if (!members.includes(typist)) {
      throw new DomainError(
        'messaging.conversation.not_member',
        'forbidden',
        'Only members may type in this conversation.',
      );
    }
    let throttle = connection.handlerState.get(THROTTLE) as TypingThrottle | undefined;
    if (!throttle) {
      throttle = new TypingThrottle(this.settings.typingThrottleMs);
      connection.handlerState.set(THROTTLE, throttle);
    }
    if (!throttle.admit(frame.conversationId, Date.now())) return undefined;
    // Serialized once for every device that receives it.
    const text = JSON.stringify({
      type: 'typing',
      data: {
        conversationId: frame.conversationId,
        userId: typist,
        expiresInMs: TYPING_EXPIRES_MS,
      },
    });
    await this.route.ephemeral(members, text, typist);
    return undefined;
  }
}
