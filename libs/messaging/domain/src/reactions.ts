import { mayChange, type ConversationFacts } from './conversation';
import { ALLOWED, refuse, type Decision } from './decision';
import { all, type Standing } from './roles';

/**
 * Exactly one emoji of Unicode's recommended set (RGI: what keyboards offer and fonts draw),
 * skin tones, flags, keycaps and ZWJ sequences included. The `v` flag's `\p{RGI_Emoji}` is a
 * property of strings maintained by the JavaScript engine with each Unicode release — no
 * table of ours to keep current. Built at run time: TypeScript refuses `v` literals below
 * ES2024.
 */
const ONE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');
const VS16 = '\uFE0F';

/** Longest RGI sequence is a tag flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿, 14 UTF-16 units); anything near 64 is not one emoji. */
export const EMOJI_MAX_LENGTH = 64;

/**
 * The reaction as stored, or null when `text` is not one emoji. Keyboards send some emoji
 * without the emoji presentation selector ("❤" for "❤️"): both are the same reaction, so the
 * fully-qualified form is the one kept and counted.
 */
export function normalizeEmoji(text: string): string | null {
  if (text.length === 0 || text.length > EMOJI_MAX_LENGTH) return null;
  if (ONE_EMOJI.test(text)) return text;
  const codePoints = [...text];
  if (codePoints.length === 1 && ONE_EMOJI.test(text + VS16)) return text + VS16;
  return null;
}

export function invalidEmoji(): Decision {
  return refuse(
    'messaging.reaction.invalid',
    'invalid',
    'A reaction is one Unicode emoji (e.g. 👍, 👍🏽, 🇨🇳), not text or a :shortcode:.',
  );
}

/** Members react to messages that still exist, in conversations that are not archived. */
export function mayReact(
  conversation: ConversationFacts,
  standing: Standing,
  message: { deleted: boolean },
): Decision {
  return all(
    () => mayChange(conversation),
    () =>
      standing.role === null
        ? refuse('messaging.conversation.not_member', 'forbidden', 'Join this conversation first.')
        : ALLOWED,
    () =>
      message.deleted
        ? refuse('messaging.message.deleted', 'conflict', 'This message was deleted.')
        : ALLOWED,
  );
}
