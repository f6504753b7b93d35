import { z } from 'zod';

/**
 * The vendor-neutral card (docs/integrations.md "Cards"): what a bot or a native webhook posts,
 * what the Slack, DingTalk and WeCom dialects produce, and what a message carries. Text inside a
 * card (`text`, field values) is Tidings markdown; titles, labels and placeholders are plain
 * text. A click on an action without `url` submits `{ actionId, values: { [inputId]: string } }`.
 *
 * Here, not in integrations: messaging stores cards, events carry them and the web client
 * renders them — contracts are the one library all of them may import.
 */

/** Named accents follow the sender's intent; a `#rrggbb` one is the sender's own colour. */
export const CARD_ACCENTS = ['neutral', 'info', 'success', 'warning', 'danger'] as const;
const HEX_ACCENT = /^#[0-9a-f]{6}$/;

/** At most this many inputs in one card; a text input holds at most CARD_TEXT_MAX characters. */
export const CARD_MAX_INPUTS = 10;
export const CARD_TEXT_MAX = 2000;

const WEB_OR_MAIL = new Set(['http:', 'https:', 'mailto:']);

/**
 * Whether a card may link to this: an absolute http(s) or mailto URL, or DingTalk's
 * "open in the browser" wrapper around one (`dingtalk://dingtalkclient/page/link?url=…`, which
 * the webhook dialects unwrap). Never `javascript:`, `data:` or a relative path. (The
 * integrations' markdown helper `safeUrl` also normalises; contracts depend on zod alone, so
 * the acceptance rule is repeated here — libs/integrations/domain keeps the two in step.)
 */
export function isSafeCardUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return false;
  }
  if (url.protocol === 'dingtalk:' && url.hostname === 'dingtalkclient') {
    const inner = url.searchParams.get('url');
    return inner !== null && !inner.toLowerCase().startsWith('dingtalk:') && isSafeCardUrl(inner);
  }
  return WEB_OR_MAIL.has(url.protocol);
}

const webUrl = z
  .string()
  .max(2048)
  .refine((value) => isSafeCardUrl(value), 'must be an http(s) or mailto URL');

const plain = (max: number) => z.string().trim().min(1).max(max);

/** Ids name actions and inputs in a click: plain, short. */
const cardId = plain(100);

/** Refuses the second of two items with one key (`what` names them in the message). */
function unique<T>(keyOf: (item: T) => string, what: string, field: string) {
  return (items: readonly T[], context: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const key = keyOf(item);
      if (seen.has(key)) context.addIssue({ code: 'custom', message: what, path: [index, field] });
      seen.add(key);
    });
  };
}

export const cardFieldSchema = z.object({
  title: plain(200),
  value: z.string().max(2000),
  short: z.boolean().optional(),
});

export const cardActionSchema = z.object({
  /** Sent back to the integration when the button is clicked (an action without `url`). */
  id: cardId,
  label: plain(100),
  style: z.enum(['primary', 'danger']).optional(),
  /** A link button: opens the URL instead of calling back. */
  url: webUrl.optional(),
});

export const cardOptionSchema = z.object({
  /** What the click submits for the input. */
  value: z.string().min(1).max(200),
  label: plain(200),
});

/** A choice among options; the click submits the chosen option's `value`. */
export const cardSelectInputSchema = z.object({
  type: z.literal('select'),
  id: cardId,
  label: plain(200),
  options: z
    .array(cardOptionSchema)
    .min(1)
    .max(50)
    // One value, one option: a submitted value must say which was chosen.
    .superRefine(unique((o) => o.value, 'duplicate option value', 'value')),
  placeholder: plain(200).optional(),
  required: z.boolean().optional(),
});

/** Free text (one line, or several with `multiline`); the click submits what was typed. */
export const cardTextInputSchema = z.object({
  type: z.literal('text'),
  id: cardId,
  label: plain(200),
  multiline: z.boolean().optional(),
  placeholder: plain(200).optional(),
  required: z.boolean().optional(),
  maxLength: z.number().int().min(1).max(CARD_TEXT_MAX).optional(),
});

export const cardInputSchema = z.discriminatedUnion('type', [
  cardSelectInputSchema,
  cardTextInputSchema,
]);

export const cardSchema = z
  .object({
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
      // A click names its action by id: two buttons with one id could not be told apart.
      .superRefine(unique((a) => a.id, 'duplicate action id', 'id'))
      .optional(),
    /** Form inputs whose values a click on an action submits. */
    inputs: z
      .array(cardInputSchema)
      .max(CARD_MAX_INPUTS)
      .superRefine(unique((i) => i.id, 'duplicate input id', 'id'))
      .optional(),
    /** Small print under the card (the sending system, a time). */
    footer: plain(300).optional(),
  })
  .superRefine((card, context) => {
    // A click carries `actionId` and `values` keyed by input id: one id must mean one thing.
    const actionIds = new Set((card.actions ?? []).map((a) => a.id));
    (card.inputs ?? []).forEach((input, index) => {
      if (actionIds.has(input.id))
        context.addIssue({
          code: 'custom',
          message: 'an input id must differ from every action id',
          path: ['inputs', index, 'id'],
        });
    });
  });

export type Card = z.infer<typeof cardSchema>;
export type CardField = z.infer<typeof cardFieldSchema>;
export type CardAction = z.infer<typeof cardActionSchema>;
export type CardOption = z.infer<typeof cardOptionSchema>;
export type CardInput = z.infer<typeof cardInputSchema>;
export type CardSelectInput = z.infer<typeof cardSelectInputSchema>;
export type CardTextInput = z.infer<typeof cardTextInputSchema>;
export type CardAccent = NonNullable<Card['accent']>;
