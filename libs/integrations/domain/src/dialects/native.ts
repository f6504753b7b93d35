import { z } from 'zod';
import { cardSchema, compactCard, type Card } from './card';
import { formatPath, invalid } from './errors';
import { safeUrl, sanitizeMarkdown } from './markdown';
import type { WebhookMentions } from './types';

/**
 * The native Tidings body: markdown text and an optional vendor-neutral card, validated
 * strictly (unknown keys are refused: a typo must not silently drop half a message).
 */
export const nativeSchema = z
  .strictObject({
    /** Tells a text-only native body from a Slack one (whose `text` is mrkdwn). */
    format: z.literal('markdown').optional(),
    text: z.string().max(20_000).optional(),
    card: cardSchema.optional(),
    channel: z.string().trim().min(1).max(200).optional(),
    mentions: z
      .strictObject({
        all: z.boolean().optional(),
        usernames: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
      })
      .optional(),
  })
  .refine((body) => (body.text ?? '').trim() !== '' || body.card !== undefined, {
    message: 'needs text or a card',
    path: ['text'],
  });

export type NativeWebhookBody = z.input<typeof nativeSchema>;

export function parseNative(
  body: unknown,
  mentions: WebhookMentions,
): { text: string; card: Card | null; channel: string | null } {
  const result = nativeSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw invalid(formatPath('', issue?.path ?? []), issue?.message ?? 'invalid');
  }
  const message = result.data;
  if (message.mentions?.all) mentions.all = true;
  for (const name of message.mentions?.usernames ?? []) {
    const username = name.replace(/^@/, '').toLowerCase();
    if (!mentions.usernames.includes(username)) mentions.usernames.push(username);
  }
  return {
    text: sanitizeMarkdown(message.text ?? ''),
    card: message.card ? normaliseCard(message.card) : null,
    channel: message.channel ?? null,
  };
}

/** URLs in their canonical safe form and markdown made Tidings-ready, as the other dialects do. */
function normaliseCard(card: Card): Card {
  return compactCard({
    ...card,
    url: card.url ? (safeUrl(card.url) ?? undefined) : undefined,
    text: card.text ? sanitizeMarkdown(card.text) : undefined,
    fields: card.fields?.map((field) => ({ ...field, value: sanitizeMarkdown(field.value) })),
    actions: card.actions?.map((action) =>
      action.url ? { ...action, url: safeUrl(action.url) ?? action.url } : action,
    ),
  });
}
