import { Injectable } from '@nestjs/common';
import { pingFrameSchema, type PingFrame } from '@tidings/gateway/domain';
import { GatewayMessage, type FrameContext, type FrameHandler, type Reply } from '../frame-handler';

/**
 * `ping` → `pong`: an application-level liveness check. Browsers cannot see WebSocket
 * ping/pong control frames, so a web client that wants to notice a dead connection sends this.
 * `self.read` is the least permission every person has; a ping reveals nothing else.
 */
@Injectable()
@GatewayMessage('ping', { permission: 'self.read', schema: pingFrameSchema })
export class PingHandler implements FrameHandler<PingFrame> {
  handle(_frame: PingFrame, context: FrameContext): Reply {
    return {
      type: 'pong',
      data: {
        at: new Date().toISOString(),
        ...(context.replyTo ? { replyTo: context.replyTo } : {}),
      },
    };
  }
}
