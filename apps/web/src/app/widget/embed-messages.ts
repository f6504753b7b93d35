import type { OnTheWire, WidgetFrameMessage } from '@tidings/contracts';
import type { Tokens } from '../auth/oidc-client';
import type { Language } from '../i18n/translations';

/**
 * The messages between the host page and the widget's frame, seen from the frame
 * (docs/widget.md, "Messages between the page and the frame"): every one is
 * `{ tidings: 1, type, … }`. Pure — no DOM — so the unit tests run it in Node. The loader's
 * side is apps/widget/src/protocol.ts.
 */

/** What the page configures (the element's attributes), as the frame keeps it. */
export interface WidgetConfig {
  context: string | null;
  title: string | null;
  members: string[];
  link: string | null;
  /** Null: a language the client does not speak; the frame keeps the one it has. */
  lang: Language | null;
  tokenMode: boolean;
}

/** What the page may tell the frame. */
export type PageMessage =
  | { type: 'config'; config: WidgetConfig }
  | { type: 'token'; token: string }
  | { type: 'visible'; visible: boolean };

/** What the frame tells the page (the wire format both sides share). */
export type FrameMessage = WidgetFrameMessage;

/** A received message as the frame sees it: who sent it, from which origin, and what. */
export interface Received {
  source: unknown;
  origin: string;
  data: unknown;
}

/** Short texts only: keys, titles, usernames and links, never a document. */
const MAX_TEXT = 2_000;
const MAX_MEMBERS = 100;

/**
 * The `origin` query parameter as an exact postMessage target: an absolute http(s) origin
 * and nothing else (no path, query, fragment or credentials), normalized the way browsers
 * report `event.origin`. Null for anything else — the frame then talks to nobody.
 */
export function embedderOrigin(param: string | null | undefined): string | null {
  if (!param || !/^https?:\/\//i.test(param)) return null;
  let url: URL;
  try {
    url = new URL(param);
  } catch {
    return null;
  }
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') return null;
  return url.origin;
}

/**
 * A message from the page, or null when it is not one: it must come from the frame's parent
 * window, from the origin the frame's URL named (which the server checked against the
 * widget sites), and be a well-formed message of ours. Anything else is ignored.
 */
export function readPageMessage(
  event: Received,
  from: { parent: unknown; origin: string },
): PageMessage | null {
  if (event.source !== from.parent || event.origin !== from.origin) return null;
  const m = ours(event.data);
  if (!m) return null;
  switch (m['type']) {
    case 'config': {
      const config = readConfig(m);
      return config ? { type: 'config', config } : null;
    }
    case 'token':
      return isWidgetToken(m['token']) ? { type: 'token', token: m['token'] } : null;
    case 'visible':
      return typeof m['visible'] === 'boolean' ? { type: 'visible', visible: m['visible'] } : null;
    default:
      return null;
  }
}

/** The configuration's fields; an optional one may be absent, never of another type. */
function readConfig(m: Record<string, unknown>): WidgetConfig | null {
  if (typeof m['tokenMode'] !== 'boolean') return null;
  const context = optionalText(m['context']);
  const title = optionalText(m['title']);
  const link = optionalText(m['link']);
  const members = m['members'] ?? [];
  if (context === false || title === false || link === false) return null;
  if (
    !Array.isArray(members) ||
    members.length > MAX_MEMBERS ||
    !members.every((name) => typeof name === 'string' && name.length > 0 && name.length <= 200)
  )
    return null;
  return {
    context,
    title,
    members: members as string[],
    link,
    lang: languageOf(m['lang']),
    tokenMode: m['tokenMode'],
  };
}

/** The page resolves the language (`zh-CN` or `en`); any Chinese still reads as Chinese. */
function languageOf(value: unknown): Language | null {
  if (typeof value !== 'string') return null;
  if (/^zh\b/i.test(value)) return 'zh-CN';
  return /^en\b/i.test(value) ? 'en' : null;
}

/** `tdw_<prefix>_<secret>`: the widget token's shape; the server decides the rest. */
export function isWidgetToken(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 512 && /^tdw_[A-Za-z0-9_-]+$/.test(value);
}

/**
 * The sign-in popup's hand-over of its tokens to the frame. Only from the popup this frame
 * opened, only from this frame's own origin (the popup finished the code flow there).
 */
export function readPopupTokens(
  event: Received,
  from: { popup: unknown; origin: string },
): Tokens | null {
  if (!from.popup || event.source !== from.popup || event.origin !== from.origin) return null;
  const m = ours(event.data);
  if (!m || m['type'] !== 'tokens') return null;
  const t = m['tokens'] as Record<string, unknown> | undefined;
  const claims = t?.['claims'] as Record<string, unknown> | undefined;
  const optional = (value: unknown) => value === undefined || typeof value === 'string';
  if (
    !t ||
    typeof t['accessToken'] !== 'string' ||
    !t['accessToken'] ||
    !optional(t['refreshToken']) ||
    !optional(t['idToken']) ||
    typeof t['expiresAt'] !== 'number' ||
    typeof claims?.['sub'] !== 'string' ||
    !optional(claims['name']) ||
    !optional(claims['preferred_username'])
  )
    return null;
  return t as unknown as Tokens;
}

/** The popup's message to its opener. */
export function popupTokensMessage(tokens: Tokens): { tidings: 1; type: 'tokens'; tokens: Tokens } {
  return { tidings: 1, type: 'tokens', tokens };
}

/** What the frame posts: the message with the protocol's mark. */
export function framed(message: FrameMessage): OnTheWire<FrameMessage> {
  return { tidings: 1, ...message };
}

function ours(data: unknown): Record<string, unknown> | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const m = data as Record<string, unknown>;
  return m['tidings'] === 1 && typeof m['type'] === 'string' ? m : null;
}

/** Absent → null; a non-empty short text → itself; anything else → false (malformed). */
function optionalText(value: unknown): string | null | false {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT ? value : false;
}
