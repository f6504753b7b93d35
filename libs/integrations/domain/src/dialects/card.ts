import { z } from 'zod';
import { safeUrl } from './markdown';

/**
 * The vendor-neutral card: what a native sender posts and what the Slack, DingTalk and WeCom
 * dialects produce. Text inside a card (`text`, field values) is Tidings markdown; titles and
 * labels are plain text.
 */

/** Named accents follow the sender's intent; a `#rrggbb` one is the sender's own colour. */
export const CARD_ACCENTS = ['neutral', 'info', 'success', 'warning', 'danger'] as const;
const HEX_ACCENT = /^#[0-9a-f]{6}$/;

const webUrl = z
  .string()
  .max(2048)
  .refine((value) => safeUrl(value) !== null, 'must be an http(s) or mailto URL');

const plain = (max: number) => z.string().trim().min(1).max(max);

export const cardFieldSchema = z.object({
  title: plain(200),
  value: z.string().max(2000),
  short: z.boolean().optional(),
});

export const cardActionSchema = z.object({
  /** Sent back to the integration when the button is clicked (an action without `url`). */
  id: plain(100),
  label: plain(100),
  style: z.enum(['primary', 'danger']).optional(),
  /** A link button: opens the URL instead of calling back. */
  url: webUrl.optional(),
});

export const cardSchema = z.object({
  title: plain(300),
  /** The title links here when set. */
  url: webUrl.optional(),
  subtitle: plain(300).optional(),
  text: z.string().max(8000).optional(),
  accent: z
    .union([z.enum(CARD_ACCENTS), z.string().toLowerCase().regex(HEX_ACCENT, 'must be #rrggbb')])
    .optional(),
  fields: z.array(cardFieldSchema).max(50).optional(),
  actions: z
    .array(cardActionSchema)
    .max(20)
    .superRefine((actions, context) => {
      // A click names its action by id: two buttons with one id could not be told apart.
      const seen = new Set<string>();
      actions.forEach((action, index) => {
        if (seen.has(action.id)) {
          context.addIssue({ code: 'custom', message: 'duplicate action id', path: [index, 'id'] });
        }
        seen.add(action.id);
      });
    })
    .optional(),
  /** Small print under the card (the sending system, a time). */
  footer: plain(300).optional(),
});

export type Card = z.infer<typeof cardSchema>;
export type CardField = z.infer<typeof cardFieldSchema>;
export type CardAction = z.infer<typeof cardActionSchema>;
export type CardAccent = NonNullable<Card['accent']>;

const NAMED_COLOURS: Readonly<Record<string, CardAccent>> = {
  good: 'success',
  warning: 'warning',
  danger: 'danger',
};

/** Slack's `color` (`good`/`warning`/`danger`, `#abc`, `#aabbcc`, or hex without `#`) as an accent. */
export function accentFromColour(colour: string | null | undefined): CardAccent | undefined {
  if (!colour) return undefined;
  const value = colour.trim().toLowerCase();
  const named = NAMED_COLOURS[value];
  if (named) return named;
  const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/.exec(value)?.[1];
  if (!hex) return undefined;
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}

/** Drops the optional keys a dialect left undefined, so results compare (and serialise) cleanly. */
export function compactCard(card: Card): Card {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(card)) {
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out as Card;
}
