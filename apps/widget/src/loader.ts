/**
 * `/widget/loader.js`: what a page on a widget site includes to get `<tidings-chat>`
 * (docs/widget.md). Bundled by scripts/build/web.mjs into one small classic script (IIFE):
 * it must run on any page, under any framework, next to any other copy of itself.
 */
import { tidingsChatClass, TAG } from './element';
import { tidingsOriginOf } from './origin';

// Read now: `document.currentScript` is only set while this script's top level runs.
const script = document.currentScript;
const tidingsOrigin = tidingsOriginOf(script instanceof HTMLScriptElement ? script.src : null);

if (!tidingsOrigin) {
  console.error('tidings-chat: load /widget/loader.js with <script src> from your Tidings server');
} else if (!customElements.get(TAG)) {
  // Included twice (two widgets, a CMS block and a template), the first definition stays.
  customElements.define(TAG, tidingsChatClass(tidingsOrigin));
}
