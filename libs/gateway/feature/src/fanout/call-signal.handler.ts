import { Inject, Injectable } from '@nestjs/common';
import {
  CALL_NOT_PARTICIPANT,
  callSignalFrameSchema,
  type CallSignalFrame,
} from '@tidings/gateway/domain';
import { ForbiddenError } from '@tidings/platform/errors';
import { GatewayMessage, type FrameContext, type FrameHandler } from '../frame-handler';
import { AudienceLookup } from './audience';
import {
  CALL_PARTICIPANTS,
  DELIVERY_ROUTE,
  type CallParticipants,
  type DeliveryRoute,
} from './ports';

/**
 * `call.signal` → an ephemeral `call.signal` frame on `toUserId`'s devices (docs/calls.md,
 * _Signalling_): SDP and ICE between two joined participants of a call that has not ended,
 * both still active members of its conversation. Never stored, no seq. Anything else is
 * refused with one code whatever the reason — an unknown call looks like a call one is not
 * in — so a stranger can neither ring nor inject candidates nor probe which calls exist.
 *
 * The call is read afresh for every signal (a hang-up stops the relay at once); membership
 * through the fan-out's cached lookup, which membership events invalidate.
 */
@Injectable()
@GatewayMessage('call.signal', { permission: 'messaging.write', schema: callSignalFrameSchema })
export class CallSignalHandler implements FrameHandler<CallSignalFrame> {
  constructor(
    @Inject(CALL_PARTICIPANTS) private readonly calls: CallParticipants,
    private readonly audience: AudienceLookup,
    @Inject(DELIVERY_ROUTE) private readonly route: DeliveryRoute,
  ) {}

  async handle(frame: CallSignalFrame, { connection }: FrameContext): Promise<undefined> {
    const sender = connection.recipientId as string;
    const call = await this.calls.callOf(frame.callId);
    const bothJoined =
      call !== undefined &&
      call.state !== 'ended' &&
      call.joined.includes(sender) &&
      call.joined.includes(frame.toUserId);
    if (!bothJoined) throw notParticipant();
    const members = await this.audience.membersOf(call.conversationId);
    if (!members.includes(sender) || !members.includes(frame.toUserId)) throw notParticipant();
    const text = JSON.stringify({
      type: 'call.signal',
      data: { callId: frame.callId, fromUserId: sender, signal: frame.signal },
    });
    await this.route.ephemeral([frame.toUserId], text);
    return undefined;
  }
}

function notParticipant(): ForbiddenError {
  return new ForbiddenError(
    CALL_NOT_PARTICIPANT,
    'Signals pass only between joined participants of a call that has not ended.',
  );
}
