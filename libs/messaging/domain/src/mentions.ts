/**
 * Mentions in a message's markdown text: `@username`, the broadcast keywords `@here`,
 * `@all` and `@channel`, and `@department` (the sender's department). Pure parsing only — which usernames exist is the feature's business.
 */
export const BROADCAST_MENTIONS = ['all', 'channel', 'here'] as const;
export type BroadcastMention = (typeof BROADCAST_MENTIONS)[number];

export interface ParsedMentions {
  /** Lower-cased usernames, each once, in order of first appearance (at most MAX_MENTIONS). */
  usernames: string[];
  /** The widest broadcast used (`all`/`channel` over `here`), or null for none. */
  broadcast: BroadcastMention | null;
  /** `@department`: every member in the sender's department (resolved by the feature). */
  department: boolean;
}

/** Mentions the conversation's members whose department path is exactly the sender's. */
export const DEPARTMENT_MENTION = 'department';

/** More distinct names than this in one message are not resolved (a paste, not a mention). */
export const MAX_MENTIONS = 100;

// Fenced blocks (``` or ~~~, up to the closing fence or the end) and inline code spans: what
// people write there is code, and `@Override` in a snippet must not page anyone.
const FENCED = /^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\2[`~]*[ \t]*(?=\n|$)|$)/gm;
const INLINE = /(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g;

// `@` must not follow a username character, so `bob@example.com` is an address, not a mention;
// after CJK text (`你好@alice`) it is one. Usernames are the directory's: letters, digits, . _ @ -.
const MENTION = /(?<![A-Za-z0-9._@-])@([A-Za-z0-9][A-Za-z0-9._@-]*)/g;

export function parseMentions(text: string): ParsedMentions {
  const prose = text.replace(FENCED, ' ').replace(INLINE, ' ');
  const usernames: string[] = [];
  const seen = new Set<string>();
  const broadcasts = new Set<BroadcastMention>();
  let department = false;
  for (const match of prose.matchAll(MENTION)) {
    // Sentence punctuation is not part of a name: "thanks @alice." mentions alice.
    const name = (match[1] ?? '').replace(/[._@-]+$/, '').toLowerCase();
    if (name === '') continue;
    if ((BROADCAST_MENTIONS as readonly string[]).includes(name)) {
      broadcasts.add(name as BroadcastMention);
      continue;
    }
    if (name === DEPARTMENT_MENTION) {
      department = true;
      continue;
    }
    if (seen.has(name) || usernames.length >= MAX_MENTIONS) continue;
    seen.add(name);
    usernames.push(name);
  }
  const broadcast = broadcasts.has('all')
    ? 'all'
    : broadcasts.has('channel')
      ? 'channel'
      : broadcasts.has('here')
        ? 'here'
        : null;
  return { usernames, broadcast, department };
}

/** `@all` and `@channel` notify everyone; they are the ones limited in large channels. */
export function notifiesEveryone(broadcast: BroadcastMention | null): boolean {
  return broadcast === 'all' || broadcast === 'channel';
}
