/**
 * The messages between the host page and the widget's frame (docs/widget.md, "Messages
 * between the page and the frame"): every one is `{ tidings: 1, type, … }`. Pure: no DOM, so
 * the unit tests run it in Node.
 */

import type {
  OnTheWire,
  WidgetFrameMessage,
  WidgetPageConfig,
  WidgetPageMessage,
} from '@tidings/contracts';

/** What the frame may tell the page. */
export type FrameMessage = WidgetFrameMessage;

/** The page's configuration of the frame, from the element's attributes. */
export type WidgetConfig = WidgetPageConfig;

export type ConfigMessage = OnTheWire<{ type: 'config' } & WidgetConfig>;

/** What the page may tell the frame. */
export type PageMessage = OnTheWire<WidgetPageMessage>;

/** Ids and codes are short; anything longer is not from our frame. */
const MAX_TEXT = 200;

const isText = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;

/**
 * The frame's message in `data`, or null when it is not a well-formed one of ours. The caller
 * has already checked who sent it (`event.source` is our iframe, `event.origin` the Tidings
 * origin); this checks what was sent, so nothing half-formed reaches the page's listeners.
 */
export function parseFrameMessage(data: unknown): FrameMessage | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const m = data as Record<string, unknown>;
  if (m['tidings'] !== 1) return null;
  switch (m['type']) {
    case 'ready':
    case 'need-token':
    case 'signin-required':
    case 'close':
      return { type: m['type'] };
    case 'state': {
      if (typeof m['signedIn'] !== 'boolean') return null;
      if (m['userId'] === undefined) return { type: 'state', signedIn: m['signedIn'] };
      return isText(m['userId'])
        ? { type: 'state', signedIn: m['signedIn'], userId: m['userId'] }
        : null;
    }
    case 'unread': {
      const count = m['count'];
      return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0
        ? { type: 'unread', count }
        : null;
    }
    case 'context':
      return isText(m['conversationId']) && typeof m['created'] === 'boolean'
        ? { type: 'context', conversationId: m['conversationId'], created: m['created'] }
        : null;
    case 'error':
      return isText(m['code']) ? { type: 'error', code: m['code'] } : null;
    default:
      return null; // an unknown type: a newer frame, or not ours; ignored either way
  }
}

/** The element's attributes that configure the frame. */
export interface ConfigAttributes {
  context: string | null;
  title: string | null;
  members: string | null;
  link: string | null;
}

/** `members="wang.fang, li.lei"` → ['wang.fang', 'li.lei']: trimmed, no empties, no repeats. */
export function parseMembers(raw: string | null): string[] {
  if (raw === null) return [];
  return [...new Set(raw.split(',').map((name) => name.trim()))].filter((name) => name !== '');
}

/** The `config` message; an attribute that is absent or blank is left out. */
export function configMessage(
  attributes: ConfigAttributes,
  lang: string,
  tokenMode: boolean,
): ConfigMessage {
  const message: ConfigMessage = { tidings: 1, type: 'config', lang, tokenMode };
  const context = attributes.context?.trim();
  if (context) message.context = context;
  const title = attributes.title?.trim();
  if (title) message.title = title;
  const members = parseMembers(attributes.members);
  if (members.length > 0) message.members = members;
  const link = attributes.link?.trim();
  if (link) message.link = link;
  return message;
}

export const tokenMessage = (token: string): PageMessage => ({ tidings: 1, type: 'token', token });

export const visibleMessage = (visible: boolean): PageMessage => ({
  tidings: 1,
  type: 'visible',
  visible,
});

/** A CustomEvent the element dispatches, by name and detail (docs/widget.md, "The element"). */
export interface ElementEvent {
  name:
    | 'tidings-ready'
    | 'tidings-unread'
    | 'tidings-signin-required'
    | 'tidings-context'
    | 'tidings-error';
  detail: Record<string, unknown>;
}

/**
 * The event a frame message becomes on the element, if any. `state` is an event only once
 * signed in (`tidings-ready`); `unread` only when the total changed since `lastUnread`.
 */
export function elementEventFor(message: FrameMessage, lastUnread: number): ElementEvent | null {
  switch (message.type) {
    case 'state':
      return message.signedIn
        ? { name: 'tidings-ready', detail: { userId: message.userId ?? null } }
        : null;
    case 'unread':
      return message.count === lastUnread
        ? null
        : { name: 'tidings-unread', detail: { count: message.count } };
    case 'signin-required':
      return { name: 'tidings-signin-required', detail: {} };
    case 'context':
      return {
        name: 'tidings-context',
        detail: { conversationId: message.conversationId, created: message.created },
      };
    case 'error':
      return { name: 'tidings-error', detail: { code: message.code } };
    default:
      return null; // ready, need-token, close: the element acts on them itself
  }
}

/** Problem codes the loader itself reports through `tidings-error`. */
export const LOADER_ERRORS = {
  /** The frame did not say `ready` in time: Tidings unreachable, or this origin not allowed. */
  unavailable: 'widget.unavailable',
  /** The page's tokenProvider threw, rejected, or gave something that is not a token. */
  tokenProviderFailed: 'widget.token_provider_failed',
} as const;

/** How long the frame has to say `ready` before the widget shows itself unavailable. */
export const READY_TIMEOUT_MS = 20_000;
