/**
 * `@` autocomplete in the composer: find the mention being typed, suggest people of the
 * conversation and the broadcasts, and insert the server's mention syntax (`@username`,
 * `@all`, `@here`, `@channel`, `@department`; docs/messaging.md, _Mentions_).
 */

export interface MentionCandidate {
  username: string;
  displayName: string | null;
}

export interface MentionSuggestion {
  /** What goes after the `@`. */
  insert: string;
  /** The person's name, or null for a broadcast (the UI explains it). */
  label: string | null;
  broadcast: boolean;
}

export const BROADCASTS = ['all', 'here', 'channel', 'department'] as const;

/** The mention being typed at `caret`: an `@` at the start or after a space, then name chars. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|[^\p{L}\p{N}_])@([\p{L}\p{N}._@-]*)$/u.exec(before);
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, query };
}

export function mentionSuggestions(
  query: string,
  people: readonly MentionCandidate[],
  options: { myUsername?: string | null; limit?: number } = {},
): MentionSuggestion[] {
  const q = query.toLowerCase();
  const matches = (s: string | null) => !!s && s.toLowerCase().includes(q);
  const found: MentionSuggestion[] = people
    .filter((p) => p.username !== options.myUsername)
    .filter((p) => q === '' || p.username.toLowerCase().startsWith(q) || matches(p.displayName))
    .sort((a, b) => rank(a, q) - rank(b, q) || a.username.localeCompare(b.username))
    .map((p) => ({ insert: p.username, label: p.displayName, broadcast: false }));
  const broadcasts = BROADCASTS.filter((b) => b.startsWith(q)).map((b) => ({
    insert: b,
    label: null,
    broadcast: true,
  }));
  return [...found, ...broadcasts].slice(0, options.limit ?? 8);
}

function rank(p: MentionCandidate, q: string): number {
  return p.username.toLowerCase().startsWith(q) ? 0 : 1;
}

/** Replaces the typed `@query` with `@name ` and says where the caret goes. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  name: string,
): { text: string; caret: number } {
  const inserted = `@${name} `;
  const after = text.slice(caret).replace(/^[\p{L}\p{N}._@-]*/u, '');
  const rest = after.startsWith(' ') ? after.slice(1) : after;
  return { text: text.slice(0, start) + inserted + rest, caret: start + inserted.length };
}
