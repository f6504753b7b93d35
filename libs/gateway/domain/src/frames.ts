import { z } from 'zod';

/** The protocol a client must offer in `Sec-WebSocket-Protocol`; the only one we echo. */
export const PROTOCOL = 'tidings.v1';
/** Prefix of the subprotocol entry that carries the access token: `bearer.<token>`. */
export const BEARER_PROTOCOL_PREFIX = 'bearer.';

/** `message.send`, `typing.start`: lower-case words joined by dots. */
const frameType = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/, 'expected lower-case words joined by dots');
/** A client's own correlation id for a frame; echoed as `replyTo` in the reply. */
const frameId = z.string().min(1).max(64);

/**
 * What every client frame has in common. Other fields belong to the frame type and are
 * checked by that type's handler, so the envelope lets them through.
 */
export const clientFrameSchema = z.looseObject({ type: frameType, id: frameId.optional() });
export type ClientFrame = z.infer<typeof clientFrameSchema>;

/** The first frame, when the token did not come in `Sec-WebSocket-Protocol`. */
export const authFrameSchema = z.object({
  type: z.literal('auth'),
  id: frameId.optional(),
  // JWTs from Keycloak with many roles run to a few kB; 8 kB leaves room and bounds the work.
  token: z.string().min(1).max(8192),
  /** The last event `seq` the client has: the server replays what came after it (resume). */
  lastSeq: z.number().int().nonnegative().optional(),
});
export type AuthFrame = z.infer<typeof authFrameSchema>;

export const pingFrameSchema = z.object({ type: z.literal('ping'), id: frameId.optional() });
export type PingFrame = z.infer<typeof pingFrameSchema>;

/** "I am typing in this conversation" — passed on to its other members, never stored. */
export const typingFrameSchema = z.object({
  type: z.literal('typing'),
  id: frameId.optional(),
  conversationId: z.string().min(1).max(64),
});
export type TypingFrame = z.infer<typeof typingFrameSchema>;

/**
 * `?lastSeq=N` on the `/ws` URL: how a client signing in with the `bearer.` subprotocol asks to
 * resume (it sends no `auth` frame to carry it). Anything but a non-negative integer is ignored.
 */
export function lastSeqFromUrl(url: string | undefined): number | undefined {
  if (!url) return undefined;
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  const value = new URLSearchParams(url.slice(query + 1)).get('lastSeq');
  if (value === null || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

/**
 * Every frame the server sends. `seq` is the user's event sequence: events that are stored and
 * replayed on resume carry theirs, `ready` the one the stream continues from; replies and
 * ephemeral frames (`pong`, `error`, `typing`, `resync`) carry none.
 */
export interface ServerEvent<Data = unknown> {
  type: string;
  seq?: number;
  data: Data;
}

/** Stable codes of `error` frames. Clients branch on them; never rename one. */
export const FrameErrorCode = {
  /** Not JSON, not an object, binary, or fields that do not match the frame type. */
  invalid: 'gateway.frame_invalid',
  /** No handler for this `type`. */
  unknownType: 'gateway.type_unknown',
  /** A handler exists but declares no permission: refused for everyone (default deny). */
  undeclared: 'gateway.handler_undeclared',
  /** The user lacks the permission the frame type needs. */
  forbidden: 'gateway.forbidden',
  /** An `auth` frame on a connection that is already signed in. */
  alreadyAuthenticated: 'gateway.already_authenticated',
  /** The handler failed unexpectedly; the details are in the server log. */
  internal: 'gateway.internal',
} as const;

export interface ErrorFrameData {
  code: string;
  message: string;
  /** The `id` of the client frame this answers, when it had one. */
  replyTo?: string;
  issues?: Array<{ path: string; message: string }>;
}

export type FrameParse = { ok: true; frame: ClientFrame } | { ok: false; error: ErrorFrameData };

/** Parses one text frame into its envelope; never throws (the input is the client's). */
export function parseClientFrame(text: string): FrameParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return invalid('A frame must be one JSON object.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return invalid('A frame must be one JSON object.');
  }
  const parsed = clientFrameSchema.safeParse(json);
  if (!parsed.success) {
    const id = (json as { id?: unknown }).id;
    return invalid(
      'A frame needs a "type" (lower-case words joined by dots) and at most a 64-character "id".',
      issuesOf(parsed.error),
      typeof id === 'string' && id.length <= 64 ? id : undefined,
    );
  }
  return { ok: true, frame: parsed.data };
}

export function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

function invalid(message: string, issues?: ErrorFrameData['issues'], replyTo?: string): FrameParse {
  return {
    ok: false,
    error: {
      code: FrameErrorCode.invalid,
      message,
      ...(replyTo ? { replyTo } : {}),
      ...(issues ? { issues } : {}),
    },
  };
}
