import { signal } from '@angular/core';

/**
 * The renderer (markdown-it + DOMPurify, ~130 KB of the bundle) is its own chunk: the first
 * screen — signing in — needs none of it. Loading starts when this file is evaluated (app
 * start); a message shown before it arrives is plain text for those milliseconds, and has
 * no link preview yet.
 */
export type Renderer = typeof import('./render');

export const renderer = signal<Renderer | null>(null);

import('./render').then(
  (module) => renderer.set(module),
  () => undefined, // offline or a stale build: messages stay plain text, which is safe
);
