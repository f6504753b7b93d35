import { z } from 'zod';
import { accentFromColour, type Card, type CardAction, type CardField } from './card';
import { invalid, formatPath } from './errors';
import { escapePlain, link, oneLine } from './markdown';
import {
  decodeEntities,
  mrkdwnToMarkdown,
  mrkdwnToPlain,
  textObjectToMarkdown,
  textObjectToPlain,
} from './slack-mrkdwn';
import type { WebhookMentions } from './types';

/**
 * Slack-compatible incoming webhooks: `text`, legacy `attachments` and Block Kit `blocks`, as
 * Grafana, Alertmanager, GitLab, Jenkins, Sentry and GitHub Actions send them. Lenient where
 * Slack is (unknown keys and block types are ignored), strict on types, so a wrong shape is
 * named rather than half-posted.
 */

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const textObject = z.object({ type: z.string().optional(), text: z.string() });

const attachmentSchema = z.object({
  fallback: z.string().nullish(),
  color: z.string().nullish(),
  pretext: z.string().nullish(),
  author_name: z.string().nullish(),
  author_link: z.string().nullish(),
  title: z.string().nullish(),
  title_link: z.string().nullish(),
  text: z.string().nullish(),
  fields: z
    .array(
      z.object({
        title: z.string().nullish(),
        value: scalar.nullish(),
        short: z.boolean().nullish(),
      }),
    )
    .nullish(),
  footer: z.string().nullish(),
  ts: z.union([z.number(), z.string()]).nullish(),
  actions: z
    .array(
      z.object({
        type: z.string().nullish(),
        name: z.string().nullish(),
        text: z.string().nullish(),
        url: z.string().nullish(),
        style: z.string().nullish(),
        value: z.string().nullish(),
      }),
    )
    .nullish(),
});
type Attachment = z.infer<typeof attachmentSchema>;

export const slackSchema = z.object({
  text: z.string().nullish(),
  mrkdwn: z.boolean().nullish(),
  channel: z.string().nullish(),
  attachments: z.array(attachmentSchema).nullish(),
  blocks: z.array(z.object({ type: z.string() }).loose()).nullish(),
});

const buttonSchema = z.object({
  type: z.literal('button'),
  text: textObject,
  url: z.string().nullish(),
  action_id: z.string().nullish(),
  value: z.string().nullish(),
  style: z.string().nullish(),
});
type Button = z.infer<typeof buttonSchema>;

const imageElement = z.object({
  type: z.literal('image'),
  image_url: z.string(),
  alt_text: z.string().nullish(),
  title: textObject.nullish(),
});

const blockSchemas = {
  header: z.object({ text: textObject }),
  section: z.object({
    text: textObject.nullish(),
    fields: z.array(textObject).nullish(),
    accessory: z.object({ type: z.string() }).loose().nullish(),
  }),
  context: z.object({ elements: z.array(z.union([textObject, imageElement])) }),
  divider: z.object({}),
  image: imageElement,
  actions: z.object({ elements: z.array(z.object({ type: z.string() }).loose()) }),
} as const;

export interface SlackResult {
  text: string;
  card: Card | null;
  channel: string | null;
}

export function parseSlack(body: unknown, mentions: WebhookMentions): SlackResult {
  const message = check(slackSchema, body, '');
  const topText = message.text
    ? message.mrkdwn === false
      ? escapePlain(message.text)
      : mrkdwnToMarkdown(message.text, mentions)
    : '';
  const channel = message.channel?.trim() || null;

  if (message.blocks && message.blocks.length > 0) {
    // Slack shows the blocks and uses `text` only for notifications: it titles a card that has
    // no header block, and is not shown otherwise.
    const summary = message.text ? mrkdwnToPlain(message.text, mentions) : '';
    const blocks = renderBlocks(message.blocks, mentions, summary);
    if (blocks.card) return { text: '', card: blocks.card, channel };
    if (blocks.text === '') throw invalid('blocks', 'no block has any content Tidings can show');
    return { text: blocks.text, card: null, channel };
  }

  const parts = [topText];
  let card: Card | null = null;
  (message.attachments ?? []).forEach((attachment, index) => {
    if (attachment.pretext) parts.push(mrkdwnToMarkdown(attachment.pretext, mentions));
    // One card per message: the first attachment with a heading; the rest become text.
    if (!card && (attachment.title || attachment.author_name)) {
      card = attachmentCard(attachment, index, mentions);
    } else {
      parts.push(attachmentText(attachment, mentions));
    }
  });
  const text = parts.filter((part) => part !== '').join('\n\n');
  if (text === '' && !card) {
    throw invalid(message.attachments?.length ? 'attachments' : 'text', 'the message is empty');
  }
  return { text, card, channel };
}

function check<T extends z.ZodType>(schema: T, value: unknown, path: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw invalid(formatPath(path, issue?.path ?? []), issue?.message ?? 'invalid');
}

// ---------------------------------------------------------------------------------------
// attachments

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function footerOf(footer: string | null | undefined, ts: number | string | null | undefined) {
  const seconds = typeof ts === 'string' ? Number(ts) : ts;
  const time =
    typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
      ? `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`
      : '';
  return [footer ? oneLine(decodeEntities(footer)) : '', time].filter(Boolean).join(' · ');
}

function attachmentCard(attachment: Attachment, index: number, mentions: WebhookMentions): Card {
  const heading = attachment.title ?? attachment.author_name ?? '';
  const title = clip(mrkdwnToPlain(heading, mentions), 300);
  const textParts = attachment.text ? [mrkdwnToMarkdown(attachment.text, mentions)] : [];
  const fields: CardField[] = [];
  for (const field of attachment.fields ?? []) {
    const value = field.value ? mrkdwnToMarkdown(field.value, mentions) : '';
    const name = field.title ? clip(mrkdwnToPlain(field.title, mentions), 200) : '';
    // A field without a name is a paragraph in Slack; a card field needs one.
    if (name === '') {
      if (value !== '') textParts.push(value);
    } else fields.push({ title: name, value, ...(field.short ? { short: true } : {}) });
  }
  const actions: CardAction[] = [];
  (attachment.actions ?? []).forEach((action, actionIndex) => {
    if ((action.type ?? 'button') !== 'button' || !action.text) return;
    const made = toAction(
      {
        label: action.text,
        url: action.url,
        // Legacy interactive buttons share a `name` and differ by `value` (Sentry: status=resolved).
        id:
          action.name && action.value
            ? `${action.name}:${action.value}`
            : (action.name ?? action.value),
        style: action.style,
      },
      `attachments[${index}].actions[${actionIndex}]`,
      actions.length,
    );
    if (made) actions.push(made);
  });
  const url = attachment.title ? attachment.title_link : attachment.author_link;
  const card: Card = {
    title: title || 'Notification',
    ...optional('url', url ? linkTarget(url) : undefined),
    ...optional(
      'subtitle',
      attachment.title && attachment.author_name
        ? clip(mrkdwnToPlain(attachment.author_name, mentions), 300) || undefined
        : undefined,
    ),
    ...optional('text', textParts.filter(Boolean).join('\n\n') || undefined),
    ...optional('accent', accentFromColour(attachment.color)),
    ...optional('fields', fields.length ? fields : undefined),
    ...optional('actions', actions.length ? uniqueIds(actions) : undefined),
    ...optional('footer', footerOf(attachment.footer, attachment.ts) || undefined),
  };
  return card;
}

function attachmentText(attachment: Attachment, mentions: WebhookMentions): string {
  const lines: string[] = [];
  const heading = attachment.title ?? attachment.author_name;
  if (heading) {
    const label = escapePlain(mrkdwnToPlain(heading, mentions));
    const url = attachment.title ? attachment.title_link : attachment.author_link;
    lines.push(`**${url ? link(label, url) : label}**`);
  }
  if (attachment.text) lines.push(mrkdwnToMarkdown(attachment.text, mentions));
  for (const field of attachment.fields ?? []) {
    const value = field.value ? mrkdwnToMarkdown(field.value, mentions) : '';
    const name = field.title ? escapePlain(mrkdwnToPlain(field.title, mentions)) : '';
    if (name || value) lines.push(name ? `**${name}**: ${value}` : value);
  }
  for (const action of attachment.actions ?? []) {
    if (action.text && action.url) lines.push(link(escapePlain(oneLine(action.text)), action.url));
  }
  const footer = footerOf(attachment.footer, attachment.ts);
  if (footer) lines.push(`_${escapePlain(footer)}_`);
  // Nothing readable but a summary (Jenkins sends colour + fallback only sometimes).
  if (lines.length === 0 && attachment.fallback) lines.push(escapePlain(attachment.fallback));
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------
// blocks

interface ActionInput {
  label: string;
  url: string | null | undefined;
  id: string | null | undefined;
  style: string | null | undefined;
}

/** A button as a card action; a link button whose URL is unsafe is dropped (it would lie). */
function toAction(input: ActionInput, path: string, position: number): CardAction | null {
  const label = clip(oneLine(input.label), 100);
  if (label === '') throw invalid(`${path}.text`, 'a button needs a label');
  let url: string | undefined;
  if (input.url) {
    url = linkTarget(input.url);
    if (!url) return null;
  }
  const style: CardAction['style'] =
    input.style === 'primary' || input.style === 'danger' ? input.style : undefined;
  return {
    id: clip(input.id?.trim() || `action-${position + 1}`, 100),
    label,
    ...optional('style', style),
    ...optional('url', url),
  };
}

/** Slack does not require distinct ids; a card does (a click names its button by id). */
function uniqueIds(actions: CardAction[]): CardAction[] {
  const seen = new Set<string>();
  return actions.map((action) => {
    let id = action.id;
    for (let n = 2; seen.has(id); n++) id = `${action.id}-${n}`;
    seen.add(id);
    return id === action.id ? action : { ...action, id };
  });
}

function linkTarget(url: string): string | undefined {
  const made = link('x', url);
  return made.startsWith('[x](') ? made.slice(4, -1) : undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** "*Status:*\nFiring" (Slack's field idiom) → { title: 'Status', value: 'Firing' }. */
function splitField(markdown: string): CardField | null {
  const match = /^\*\*([^*\n]+?):?\*\*:?[ \t]*(?:\n|$)([\s\S]*)$/.exec(markdown);
  if (!match?.[1]) return null;
  return { title: clip(match[1].trim(), 200), value: (match[2] ?? '').trim() };
}

function renderBlocks(
  blocks: ReadonlyArray<{ type: string }>,
  mentions: WebhookMentions,
  summary: string,
): { text: string; card: Card | null } {
  const lines: string[] = [];
  const fields: CardField[] = [];
  const actions: CardAction[] = [];
  let title: string | null = null;
  blocks.forEach((raw, index) => {
    const path = `blocks[${index}]`;
    switch (raw.type) {
      case 'header': {
        const block = check(blockSchemas.header, raw, path);
        const heading = textObjectToPlain(block.text, mentions);
        if (title === null) title = heading;
        else lines.push(`**${escapePlain(heading)}**`);
        break;
      }
      case 'section': {
        const block = check(blockSchemas.section, raw, path);
        if (block.text) lines.push(textObjectToMarkdown(block.text, mentions));
        for (const field of block.fields ?? []) {
          const markdown = textObjectToMarkdown(field, mentions);
          const split = splitField(markdown);
          if (split) fields.push({ ...split, short: true });
          else if (markdown !== '') lines.push(markdown);
        }
        const accessory = block.accessory;
        if (accessory?.type === 'button') {
          const button = check(buttonSchema, accessory, `${path}.accessory`);
          const made = buttonAction(button, `${path}.accessory`, actions.length);
          if (made) actions.push(made);
        }
        break;
      }
      case 'context': {
        const block = check(blockSchemas.context, raw, path);
        const parts = block.elements.map((element) =>
          'image_url' in element
            ? link(escapePlain(element.alt_text?.trim() || 'image'), element.image_url)
            : textObjectToMarkdown(element, mentions),
        );
        const line = parts.filter(Boolean).join(' · ');
        if (line) lines.push(`_${line}_`);
        break;
      }
      case 'divider':
        lines.push('');
        break;
      case 'image': {
        // An image shown from any URL tells its server who read the message: a link instead.
        const block = check(blockSchemas.image, raw, path);
        const label = block.title
          ? textObjectToPlain(block.title, mentions)
          : block.alt_text?.trim() || 'image';
        lines.push(link(escapePlain(label), block.image_url));
        break;
      }
      case 'actions': {
        const block = check(blockSchemas.actions, raw, path);
        block.elements.forEach((element, elementIndex) => {
          if (element.type !== 'button') return; // selects, date pickers: not in a card yet
          const elementPath = `${path}.elements[${elementIndex}]`;
          const made = buttonAction(
            check(buttonSchema, element, elementPath),
            elementPath,
            actions.length,
          );
          if (made) actions.push(made);
        });
        break;
      }
      default:
        // rich_text, input, video…: not rendered (Slack's fallback `text` still is, if any).
        break;
    }
  });
  const text = lines
    .join('\n\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (title === null && fields.length === 0 && actions.length === 0) return { text, card: null };
  const firstLine = oneLine(text.split('\n')[0] ?? '').replace(/[*_~\\]/g, '');
  const card: Card = {
    title: clip(title ?? (summary || firstLine || 'Notification'), 300),
    ...optional('text', text || undefined),
    ...optional('fields', fields.length ? fields : undefined),
    ...optional('actions', actions.length ? uniqueIds(actions) : undefined),
  };
  return { text, card };
}

function buttonAction(button: Button, path: string, position: number): CardAction | null {
  return toAction(
    {
      label: button.text.text,
      url: button.url,
      id: button.action_id ?? button.value,
      style: button.style,
    },
    path,
    position,
  );
}
