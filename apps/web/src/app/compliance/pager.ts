/**
 * Pages of a cursor-paged list, forwards and back. The API only knows "the page after this
 * cursor", so the cursor each page was loaded with is kept: page n is loaded again with
 * `cursors[n]` (the first page with none).
 */
export interface Pager {
  /** The cursor each page seen so far was loaded with; `null` for the first. */
  cursors: readonly (string | null)[];
  /** The page showing, from 0. */
  index: number;
  /** The next page's cursor, as the current page's answer gave it. */
  next: string | null;
}

export const FIRST_PAGE: Pager = { cursors: [null], index: 0, next: null };

/** A page arrived for the current index: remember where the one after it starts. */
export function loaded(pager: Pager, nextCursor: string | null): Pager {
  return { ...pager, next: nextCursor };
}

/** Forward one page (only when there is one): its cursor, and the pager moved there. */
export function forward(pager: Pager): { cursor: string; pager: Pager } | null {
  if (!pager.next) return null;
  const cursors = [...pager.cursors.slice(0, pager.index + 1), pager.next];
  return { cursor: pager.next, pager: { cursors, index: pager.index + 1, next: null } };
}

/** Back one page (not before the first): the cursor to load it with, and the pager there. */
export function back(pager: Pager): { cursor: string | null; pager: Pager } | null {
  if (pager.index === 0) return null;
  const index = pager.index - 1;
  return { cursor: pager.cursors[index] ?? null, pager: { ...pager, index, next: null } };
}
