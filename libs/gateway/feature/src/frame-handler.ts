import type { HandlerDeclaration } from '@tidings/gateway/domain';
import type { z } from 'zod';
import type { GatewayPrincipal } from './auth-port';
import type { Connection } from './connection';

/** What a handler answers with: sent as `{ type, data }` (replies carry no seq). */
export interface Reply {
  type: string;
  data: unknown;
}

export interface FrameContext {
  principal: GatewayPrincipal;
  connectionId: string;
  /** The client's `id` of the frame being handled, to echo as `replyTo`. */
  replyTo: string | undefined;
  /** The connection itself, for per-connection state (`handlerState`) and its recipient id. */
  connection: Connection;
}

/**
 * One client frame type. Like a controller method (DESIGN.md §4.5) it maps the frame to one
 * actions call and back; the permission check and the frame's validation happen before.
 */
export interface FrameHandler<Frame = never> {
  handle(frame: Frame, context: FrameContext): Reply | undefined | Promise<Reply | undefined>;
}

interface Declaration {
  /** The permission (identity's table) a user needs to send this frame type. */
  permission: string;
  /** The frame's fields; a frame that does not match gets `gateway.frame_invalid`. */
  schema: z.ZodType;
}

const DECLARATION = Symbol('tidings.gateway.frame');

/**
 * Declares a handler class: the frame type it answers, the permission that type needs and
 * the frame's schema — the WebSocket counterpart of `@RequirePermission` on a route.
 */
export function GatewayMessage(type: string, declaration: Declaration): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(DECLARATION, { type, ...declaration }, target);
  };
}

export interface RegisteredHandler extends HandlerDeclaration {
  schema: z.ZodType;
  instance: FrameHandler<unknown>;
  /** The class name, for logs. */
  name: string;
}

/** Reads a handler instance's declaration; a class without `@GatewayMessage` stops the boot. */
export function registeredHandler(instance: object): RegisteredHandler {
  const declared = Reflect.getMetadata(DECLARATION, instance.constructor) as
    (Partial<Declaration> & { type: string }) | undefined;
  const name = instance.constructor.name;
  if (!declared) throw new Error(`${name} is a gateway frame handler without @GatewayMessage`);
  if (!declared.schema) throw new Error(`${name} declares no frame schema`);
  return {
    type: declared.type,
    permission: declared.permission,
    schema: declared.schema,
    instance: instance as FrameHandler<unknown>,
    name,
  };
}
