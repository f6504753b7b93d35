import { isNeverDelivered, matchesEventPatterns } from './event-patterns';

/** Where in a message a trigger word counts: anywhere (default), or as its first word. */
export const TRIGGER_POSITIONS = ['anywhere', 'start'] as const;
export type TriggerPosition = (typeof TRIGGER_POSITIONS)[number];

/** Narrowing of a subscription beyond its event types (docs/integrations-outgoing.md). */
export interface SubscriptionFilters {
  /** Only events in these conversations. */
  conversationIds?: string[];
  /** Only messages containing one of these words (case-insensitive, whole words). */
  triggerWords?: string[];
  triggerAt?: TriggerPosition;
  /** Only messages that mention the subscription's bot. */
  mentionsOnly?: boolean;
}

/** What decides whether a subscription receives an event. */
export interface SubscriptionRule {
  events: readonly string[];
  filters: SubscriptionFilters;
  /** The owner bot: mentions mean it; its own messages are not echoed back to it. */
  botId: string | null;
  /** An incoming webhook the subscription answers for: card actions on its cards. */
  webhookId: string | null;
}

/** The event facts the rules look at. */
export interface RuleEvent {
  type: string;
  data: unknown;
}

export const CARD_ACTION_TYPE = 'integrations.card.action';

const field = (data: unknown, name: string): unknown =>
  typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined;
const stringField = (data: unknown, name: string) => {
  const value = field(data, name);
  return typeof value === 'string' ? value : undefined;
};

/** Letters and digits of scripts written without spaces: a word there has no boundary to find. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
const WORD_CHAR = /[\p{L}\p{N}_]/u;

const fold = (text: string) => text.normalize('NFKC').toLocaleLowerCase('en');

/**
 * Whether `text` holds `word` as a whole word: not inside a longer one (`deploy` is not in
 * `redeployed`). A word in a script written without spaces (Chinese, Japanese, Thai) matches
 * wherever it occurs — `部署` in `请部署到生产`.
 */
function holdsWord(text: string, word: string, at: TriggerPosition): boolean {
  const chars = [...word];
  const open = !UNSPACED.test(chars[0] ?? '');
  const close = !UNSPACED.test(chars.at(-1) ?? '');
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + 1)) {
    if (at === 'start' && i !== 0) return false;
    const before = [...text.slice(0, i)].at(-1);
    const after = [...text.slice(i + word.length)][0];
    if (open && before !== undefined && WORD_CHAR.test(before)) continue;
    if (close && after !== undefined && WORD_CHAR.test(after)) continue;
    return true;
  }
  return false;
}

/**
 * Trigger words: case-insensitive whole words. `anywhere` (default): in any position;
 * `start`: the message begins with the word (leading spaces ignored), as a chat command
 * (`deploy prod`) does.
 */
export function matchesTriggerWords(
  text: string,
  words: readonly string[],
  at: TriggerPosition = 'anywhere',
): boolean {
  const folded = fold(at === 'start' ? text.trimStart() : text);
  return words.map((w) => fold(w.trim())).some((w) => w !== '' && holdsWord(folded, w, at));
}

/**
 * Whether a subscription receives an event. Besides its event types:
 * - a card action goes only to the subscription of the bot or webhook that posted the card;
 * - a message by the subscription's own bot is not sent back to it (no echo loops);
 * - each filter narrows only the events that carry what it tests: `conversationIds` events with
 *   a conversation, `triggerWords` and `mentionsOnly` message events (those with text). So a
 *   subscription to `messaging.message.sent` and `directory.*` with trigger words gets the
 *   messages holding a trigger word, and every directory change.
 */
export function subscriptionReceives(rule: SubscriptionRule, event: RuleEvent): boolean {
  if (isNeverDelivered(event.type) || !matchesEventPatterns(rule.events, event.type)) return false;
  const { data } = event;
  if (event.type === CARD_ACTION_TYPE) {
    const sender = stringField(data, 'senderId');
    return sender !== undefined && (sender === rule.botId || sender === rule.webhookId);
  }
  const author = stringField(data, 'senderId') ?? stringField(data, 'editorId');
  if (author !== undefined && author === rule.botId) return false;
  const { conversationIds, triggerWords, triggerAt, mentionsOnly } = rule.filters;
  const conversationId = stringField(data, 'conversationId');
  if (conversationIds?.length && conversationId !== undefined)
    if (!conversationIds.includes(conversationId)) return false;
  const text = stringField(data, 'text');
  if (text === undefined) return true;
  if (triggerWords?.length && !matchesTriggerWords(text, triggerWords, triggerAt)) return false;
  if (mentionsOnly) {
    const mentions = field(data, 'mentions');
    const mentioned =
      rule.botId !== null && Array.isArray(mentions) && mentions.includes(rule.botId);
    if (!mentioned) return false;
  }
  return true;
}
