import type { Card, CardAccent } from '@tidings/contracts';

/**
 * The vendor-neutral card lives in `@tidings/contracts` (libs/contracts/src/cards/card.ts):
 * messaging stores it and the web client renders it too. Re-exported here so the dialects
 * (and whoever imported it from here) keep one import; the dialects' own helpers stay below.
 */
export {
  CARD_ACCENTS,
  cardActionSchema,
  cardFieldSchema,
  cardInputSchema,
  cardSchema,
  type Card,
  type CardAccent,
  type CardAction,
  type CardField,
  type CardInput,
} from '@tidings/contracts';

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
