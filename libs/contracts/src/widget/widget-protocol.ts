/**
 * The wire format between a page's `<tidings-chat>` (apps/widget, the loader) and the widget's
 * frame (apps/web, `/widget`): docs/widget.md, "Messages between the page and the frame". Types
 * only — the loader must stay a few kilobytes, so each side keeps its own validator of what it
 * receives; both are checked against these types, so they cannot drift apart.
 */

/** The mark every message carries, telling ours apart from anything else posted to a window. */
export type OnTheWire<M> = { tidings: 1 } & M;

/** What the frame tells the page. */
export type WidgetFrameMessage =
  | { type: 'ready' }
  | { type: 'need-token' }
  | { type: 'state'; signedIn: boolean; userId?: string }
  | { type: 'unread'; count: number }
  | { type: 'signin-required' }
  | { type: 'context'; conversationId: string; created: boolean }
  | { type: 'error'; code: string }
  | { type: 'close' };

/** The page's configuration of the frame, from the element's attributes (blank ones left out). */
export interface WidgetPageConfig {
  context?: string;
  title?: string;
  members?: string[];
  link?: string;
  lang: string;
  tokenMode: boolean;
}

/** What the page tells the frame. */
export type WidgetPageMessage =
  | ({ type: 'config' } & WidgetPageConfig)
  | { type: 'token'; token: string }
  | { type: 'visible'; visible: boolean };
