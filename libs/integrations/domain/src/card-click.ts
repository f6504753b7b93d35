import type { Card } from '@tidings/contracts';

/** A click on a card's action, as the person's client sends it. */
export interface CardClick {
  actionId: string;
  values: Record<string, string>;
}

export type ClickCheck =
  { ok: true; values: Record<string, string> } | { ok: false; field: string; message: string };

const refuse = (field: string, message: string): ClickCheck => ({ ok: false, field, message });

/**
 * Whether a click fits the card it was made on: the action exists and calls back (a link button
 * only opens its URL), every submitted value belongs to an input, a select's value is one of its
 * options, a text stays within its length, and required inputs are filled. What is sent on is
 * the values of the card's inputs only, empty ones dropped — an integration never sees a key its
 * card did not ask for.
 */
export function checkClick(card: Card, click: CardClick): ClickCheck {
  const action = (card.actions ?? []).find((a) => a.id === click.actionId);
  if (!action) return refuse('actionId', `This card has no action "${click.actionId}".`);
  if (action.url !== undefined)
    return refuse('actionId', `"${click.actionId}" is a link: it opens its URL, it is not sent.`);
  const inputs = new Map((card.inputs ?? []).map((input) => [input.id, input]));
  for (const key of Object.keys(click.values))
    if (!inputs.has(key)) return refuse(`values.${key}`, `This card has no input "${key}".`);
  const values: Record<string, string> = {};
  for (const input of inputs.values()) {
    const value = click.values[input.id]?.trim() ?? '';
    const field = `values.${input.id}`;
    if (value === '') {
      if (input.required) return refuse(field, `${input.label} is required.`);
      continue;
    }
    if (input.type === 'select' && !input.options.some((o) => o.value === value))
      return refuse(field, `"${value}" is not one of the choices for ${input.label}.`);
    if (input.type === 'text' && [...value].length > (input.maxLength ?? 2000))
      return refuse(field, `${input.label} is longer than ${input.maxLength ?? 2000} characters.`);
    values[input.id] = value;
  }
  return { ok: true, values };
}
