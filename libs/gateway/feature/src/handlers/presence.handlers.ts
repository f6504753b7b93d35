import { Inject, Injectable, type Type } from '@nestjs/common';
import { z } from 'zod';
import { GatewayMessage, type FrameContext, type FrameHandler, type Reply } from '../frame-handler';
import { GATEWAY_PRESENCE, type GatewayPresence } from '../presence-port';

const frameId = z.string().min(1).max(64);

export const presenceFrameSchema = z.object({
  type: z.literal('presence'),
  id: frameId.optional(),
  state: z.enum(['active', 'idle']),
});
export type PresenceFrame = z.infer<typeof presenceFrameSchema>;

export const presenceSubscribeFrameSchema = z.object({
  type: z.literal('presence.subscribe'),
  id: frameId.optional(),
  /** Replaces what this connection watched before; `[]` stops watching. */
  userIds: z.array(z.string().min(1).max(200)).max(500),
  ttlSeconds: z.number().int().min(1).max(900).optional(),
});
export type PresenceSubscribeFrame = z.infer<typeof presenceSubscribeFrameSchema>;

const DEFAULT_SUBSCRIBE_TTL_MS = 5 * 60_000;

const personOf = ({ principal }: FrameContext) => ({
  userId: principal.userId,
  username: principal.username,
});

/**
 * `{ type: "presence", state: "active" | "idle" }`: the client reports whether its user has
 * touched it lately (web: input in the last few minutes; mobile: app in the foreground). No
 * reply; a changed aggregate reaches peers as `presence.changed`. `self.read`: it is about
 * oneself, and every person holds it.
 */
@Injectable()
@GatewayMessage('presence', { permission: 'self.read', schema: presenceFrameSchema })
export class PresenceHandler implements FrameHandler<PresenceFrame> {
  constructor(@Inject(GATEWAY_PRESENCE) private readonly presence: GatewayPresence) {}

  async handle(frame: PresenceFrame, context: FrameContext): Promise<undefined> {
    await this.presence.activity(personOf(context), context.connectionId, frame.state);
    return undefined;
  }
}

/**
 * `{ type: "presence.subscribe", userIds }`: a directory view (the department tree on screen)
 * watches these people for this connection, until it closes or `ttlSeconds` (default 300, at
 * most 900) pass — renew while they stay on screen. Answers `presence.snapshot` with their
 * presence now; people the caller may not see are left out. `directory.read`: seeing people
 * in the directory is what it extends.
 */
@Injectable()
@GatewayMessage('presence.subscribe', {
  permission: 'directory.read',
  schema: presenceSubscribeFrameSchema,
})
export class PresenceSubscribeHandler implements FrameHandler<PresenceSubscribeFrame> {
  constructor(@Inject(GATEWAY_PRESENCE) private readonly presence: GatewayPresence) {}

  async handle(frame: PresenceSubscribeFrame, context: FrameContext): Promise<Reply> {
    const ttlMs = frame.ttlSeconds ? frame.ttlSeconds * 1000 : DEFAULT_SUBSCRIBE_TTL_MS;
    const snapshot = await this.presence.subscribe(
      personOf(context),
      context.connectionId,
      frame.userIds,
      ttlMs,
    );
    return {
      type: 'presence.snapshot',
      data: {
        ...(snapshot as object),
        ...(context.replyTo ? { replyTo: context.replyTo } : {}),
      },
    };
  }
}

/** Added to a gateway whose host binds GATEWAY_PRESENCE. */
export const PRESENCE_HANDLERS: Type[] = [PresenceHandler, PresenceSubscribeHandler];
