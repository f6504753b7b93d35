import { cardSchema } from '@tidings/contracts';
import { z } from 'zod';

/** Where connectors open their socket; on the host's HTTP server and port, beside `/ws`. */
export const CONNECT_PATH = '/connect';
/** The subprotocol answered, as at `/ws`: a client offering others only is not answered. */
export const CONNECT_PROTOCOL = 'tidings.v1';
/**
 * Subprotocol entries that carry the token. `bearer.` is what `/ws` reads; `tidings.bearer.`
 * is the spelling the integration docs first used, so both work.
 */
const BEARER_PREFIXES = ['tidings.bearer.', 'bearer.'] as const;

/**
 * Close codes (docs/integrations-connect.md): "4000 + the HTTP status of the
 * same meaning", as the gateway's. The reason carries a stable code for the detail.
 */
export const ConnectClose = {
  /** The server is shutting down: reconnect (perhaps to another instance). */
  goingAway: 1001,
  /** Something failed on our side. Reconnect with backoff. */
  internalError: 1011,
  /** Missing, unknown, revoked or expired token: do not retry with the same token. */
  unauthenticated: 4401,
  /** A valid token of a person, or a bot token without `connectors.use`. Do not retry. */
  forbidden: 4403,
  /** No token within the sign-in timeout. */
  authTimeout: 4408,
  /** The client sends more frames than the limit allows. */
  rateLimited: 4429,
} as const;

export const ConnectCloseReason = {
  authRequired: 'auth.required',
  authTimeout: 'auth.timeout',
  botsOnly: 'connect.bots_only',
  forbidden: 'connect.forbidden',
  rateLimited: 'connect.rate_limited',
  shutdown: 'server.shutdown',
  internal: 'connect.internal',
} as const;

/** Stable codes of `error` frames (the socket stays open after one). */
export const ConnectErrorCode = {
  /** Not JSON, binary, or fields that do not fit the frame's type. */
  invalid: 'connect.frame_invalid',
  /** An ack or nack of a delivery that is not in flight (acked already, timed out, unknown). */
  notInFlight: 'connect.delivery_not_in_flight',
  /** An ack carrying a card for a delivery that is not a card action of this bot's card. */
  cardNotExpected: 'connect.card_not_expected',
  /** The card could not be updated (message deleted, conversation archived…). */
  cardRefused: 'connect.card_refused',
  /** An `auth` frame on a signed-in socket. */
  alreadyAuthenticated: 'connect.already_authenticated',
  /** Handling the frame failed on our side (logged); the delivery stays in flight. */
  internal: 'connect.internal',
} as const;

const deliveryId = z.string().min(1).max(64);

/** The first frame, when the token did not come as a subprotocol. */
export const authFrame = z.object({ type: z.literal('auth'), token: z.string().min(1).max(8192) });

/** "Got it": the delivery succeeded. With `card`: the answer to a card action. */
export const ackFrame = z.object({
  type: z.literal('ack'),
  id: deliveryId,
  card: cardSchema.optional(),
});

/** "Not now": the try failed; retried on the schedule, not before `retryAfterSeconds`. */
export const nackFrame = z.object({
  type: z.literal('nack'),
  id: deliveryId,
  retryAfterSeconds: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600)
    .optional(),
  /** Why, for the delivery log (e.g. "ERP in maintenance"). */
  reason: z.string().max(500).optional(),
});

/** An application-level round trip (the server's pings are WebSocket pings). */
export const pingFrame = z.object({ type: z.literal('ping'), id: z.string().max(64).optional() });

export const clientFrame = z.discriminatedUnion('type', [
  authFrame,
  ackFrame,
  nackFrame,
  pingFrame,
]);
export type ClientFrame = z.infer<typeof clientFrame>;
export type AckFrame = z.infer<typeof ackFrame>;
export type NackFrame = z.infer<typeof nackFrame>;

export interface FrameIssue {
  path: string;
  message: string;
}

export type ParsedFrame =
  | { ok: true; frame: ClientFrame }
  | { ok: false; message: string; issues: FrameIssue[]; id?: string };

/** Parses one text frame; never throws (the input is the client's). */
export function parseClientFrame(text: string): ParsedFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'A frame must be one JSON object.', issues: [] };
  }
  const parsed = clientFrame.safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const id = (json as { id?: unknown } | null)?.id;
  return {
    ok: false,
    message: 'Expected an ack, nack or ping frame (docs/integrations-connect.md).',
    issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    ...(typeof id === 'string' && id.length <= 64 ? { id } : {}),
  };
}

export interface OfferedProtocols {
  speaksTidings: boolean;
  token: string | undefined;
}

/**
 * Reads `Sec-WebSocket-Protocol`: `tidings.v1` plus, optionally, the token as a pseudo
 * subprotocol (only `tidings.v1` is echoed back, so the token never appears in an answer).
 */
export function readOfferedProtocols(header: string | string[] | undefined): OfferedProtocols {
  const values = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  let token: string | undefined;
  for (const value of values) {
    const prefix = BEARER_PREFIXES.find((p) => value.startsWith(p));
    if (prefix && value.length > prefix.length) token ??= value.slice(prefix.length);
  }
  return { speaksTidings: values.includes(CONNECT_PROTOCOL), token };
}

/**
 * An `event` frame, spliced around the delivered body as stored — the very bytes an HTTP
 * receiver gets, not re-serialized — so `payload` is what the delivery log shows.
 */
export function eventFrameText(id: string, attempt: number, body: string): string {
  return `{"type":"event","id":${JSON.stringify(id)},"attempt":${attempt},"payload":${body}}`;
}

export function frameText(frame: Record<string, unknown> & { type: string }): string {
  return JSON.stringify(frame);
}
