import { clientFrameSchema, FrameErrorCode, type ErrorFrameData } from './frames';

/** What a frame handler declares about itself: the type it answers and who may send it. */
export interface HandlerDeclaration {
  type: string;
  /**
   * The permission (identity's table) a user needs to send this frame type. Missing or empty
   * means undeclared, and an undeclared handler is refused for everyone — default deny, so a
   * handler that forgot to declare itself is closed, not open.
   */
  permission: string | undefined;
}

/** Frame types the connection handles itself, before any handler. */
export const RESERVED_FRAME_TYPES: ReadonlySet<string> = new Set(['auth']);

export type Resolution<H> = { ok: true; handler: H } | { ok: false; error: ErrorFrameData };

export function isDeclared(handler: HandlerDeclaration): boolean {
  return typeof handler.permission === 'string' && handler.permission.trim().length > 0;
}

/**
 * The frame types a gateway answers, each with the permission it needs. `resolve` is the
 * per-message guard: it runs before every handler, and refuses unknown types, undeclared
 * handlers and users without the permission — each with a stable error code.
 */
export class HandlerRegistry<H extends HandlerDeclaration> {
  private readonly byType = new Map<string, H>();

  constructor(handlers: Iterable<H> = []) {
    for (const handler of handlers) this.register(handler);
  }

  register(handler: H): void {
    if (!clientFrameSchema.shape.type.safeParse(handler.type).success) {
      throw new Error(`frame type "${handler.type}" is not lower-case words joined by dots`);
    }
    if (RESERVED_FRAME_TYPES.has(handler.type)) {
      throw new Error(`frame type "${handler.type}" is reserved for the connection itself`);
    }
    if (this.byType.has(handler.type)) {
      throw new Error(`two handlers declare frame type "${handler.type}"`);
    }
    this.byType.set(handler.type, handler);
  }

  /** Every registered handler — what the "all declared" test walks. */
  list(): H[] {
    return [...this.byType.values()];
  }

  resolve(type: string, permissions: ReadonlySet<string>): Resolution<H> {
    const handler = this.byType.get(type);
    if (!handler) {
      return refuse(FrameErrorCode.unknownType, `There is no frame type "${type}".`);
    }
    const permission = handler.permission;
    if (!permission || !isDeclared(handler)) {
      return refuse(FrameErrorCode.undeclared, `Frame type "${type}" is not open to anyone.`);
    }
    if (!permissions.has(permission)) {
      return refuse(
        FrameErrorCode.forbidden,
        `Frame type "${type}" needs the permission ${handler.permission}.`,
      );
    }
    return { ok: true, handler };
  }
}

function refuse<H>(code: string, message: string): Resolution<H> {
  return { ok: false, error: { code, message } };
}
