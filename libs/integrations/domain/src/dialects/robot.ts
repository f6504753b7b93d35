import { z } from 'zod';
import type { Card, CardAction } from './card';
import { formatPath, invalid, unsupported } from './errors';
import { escapePlain, link, oneLine, safeUrl, sanitizeMarkdown } from './markdown';
import type { WebhookMentions } from './types';

/**
 * DingTalk and WeCom (企业微信) group-robot bodies: `{ msgtype, [msgtype]: {…} }`. The two
 * share the shape and differ in details (DingTalk's `at`, WeCom's `mentioned_*` lists and
 * `news`), so one module parses both and `detectRobotDialect` tells which was meant.
 */

const text = (max: number) => z.string().max(max);
const stringList = z.array(z.union([z.string(), z.number()]).transform(String)).nullish();

const atSchema = z
  .object({
    atMobiles: stringList,
    atUserIds: stringList,
    isAtAll: z.union([z.boolean(), z.literal('true'), z.literal('false')]).nullish(),
  })
  .nullish();

const schemas = {
  text: z.object({
    content: text(20_000).min(1),
    mentioned_list: stringList,
    mentioned_mobile_list: stringList,
  }),
  markdown: z.object({
    title: z.string().nullish(),
    text: text(20_000).nullish(),
    content: text(20_000).nullish(),
  }),
  link: z.object({
    title: z.string().min(1),
    text: z.string().nullish(),
    messageUrl: z.string().min(1),
    picUrl: z.string().nullish(),
  }),
  actionCard: z.object({
    title: z.string().min(1),
    text: z.string().nullish(),
    singleTitle: z.string().nullish(),
    singleURL: z.string().nullish(),
    btns: z.array(z.object({ title: z.string().min(1), actionURL: z.string().min(1) })).nullish(),
  }),
  feedCard: z.object({
    links: z
      .array(
        z.object({
          title: z.string().min(1),
          messageURL: z.string().min(1),
          picURL: z.string().nullish(),
        }),
      )
      .min(1),
  }),
  news: z.object({
    articles: z
      .array(
        z.object({
          title: z.string().min(1),
          description: z.string().nullish(),
          url: z.string().min(1),
          picurl: z.string().nullish(),
        }),
      )
      .min(1),
  }),
} as const;

type RobotMsgtype = keyof typeof schemas;
const DINGTALK_ONLY = new Set(['link', 'actionCard', 'feedCard']);
const WECOM_ONLY = new Set(['news', 'markdown_v2', 'image', 'file', 'voice', 'template_card']);

/** Which robot the body was written for; both read `text` the same way. */
export function detectRobotDialect(body: Record<string, unknown>): 'dingtalk' | 'wecom' {
  const msgtype = String(body['msgtype']);
  if (DINGTALK_ONLY.has(msgtype) || 'at' in body) return 'dingtalk';
  if (WECOM_ONLY.has(msgtype)) return 'wecom';
  const inner = body[msgtype];
  if (inner && typeof inner === 'object') {
    if ('mentioned_list' in inner || 'mentioned_mobile_list' in inner) return 'wecom';
    // `text.content` is both robots'; only WeCom's markdown has `content` (DingTalk's: `text`).
    if (msgtype === 'markdown' && 'content' in inner) return 'wecom';
  }
  return 'dingtalk';
}

export interface RobotResult {
  text: string;
  card: Card | null;
}

function check<T extends z.ZodType>(schema: T, value: unknown, path: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw invalid(formatPath(path, issue?.path ?? []), issue?.message ?? 'invalid');
}

function addUnique(list: string[], values: readonly string[] | null | undefined): void {
  for (const raw of values ?? []) {
    const value = raw.trim();
    if (value !== '' && !list.includes(value)) list.push(value);
  }
}

/** WeCom markdown mentions a member with `<@userid>`: the mention is recorded, the text kept. */
function wecomMentions(markdown: string, mentions: WebhookMentions): string {
  return markdown.replace(/<@([A-Za-z0-9._@-]+)>/g, (_all, id: string) => {
    if (id === 'all') mentions.all = true;
    else addUnique(mentions.userIds, [id]);
    return `@${id}`;
  });
}

function clip(value: string, max: number): string {
  const line = oneLine(value);
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

export function parseRobot(
  body: Record<string, unknown>,
  dialect: 'dingtalk' | 'wecom',
  mentions: WebhookMentions,
): RobotResult {
  const msgtype = body['msgtype'];
  if (
    typeof msgtype !== 'string' ||
    !(msgtype in schemas) ||
    (dialect === 'dingtalk' && msgtype === 'news')
  ) {
    throw unsupported(
      'msgtype',
      `msgtype ${JSON.stringify(msgtype)} is not supported (text, markdown, link, actionCard, feedCard, news)`,
    );
  }
  const type = msgtype as RobotMsgtype;
  if (body[type] === undefined)
    throw invalid(type, `msgtype is ${type} but there is no ${type} object`);

  if (dialect === 'dingtalk') {
    const at = check(atSchema, body['at'], 'at');
    addUnique(mentions.mobiles, at?.atMobiles);
    addUnique(mentions.userIds, at?.atUserIds);
    if (at?.isAtAll === true || at?.isAtAll === 'true') mentions.all = true;
  }

  switch (type) {
    case 'text': {
      const message = check(schemas.text, body[type], type);
      for (const entry of [
        ...(message.mentioned_list ?? []),
        ...(message.mentioned_mobile_list ?? []),
      ]) {
        if (entry === '@all') mentions.all = true;
      }
      addUnique(
        mentions.userIds,
        message.mentioned_list?.filter((id) => id !== '@all'),
      );
      addUnique(
        mentions.mobiles,
        message.mentioned_mobile_list?.filter((id) => id !== '@all'),
      );
      return { text: escapePlain(message.content.trim()), card: null };
    }
    case 'markdown': {
      const message = check(schemas.markdown, body[type], type);
      const source = dialect === 'wecom' ? message.content : (message.text ?? message.content);
      const path = dialect === 'wecom' ? 'markdown.content' : 'markdown.text';
      if (!source?.trim()) throw invalid(path, 'the markdown is empty');
      const markdown = dialect === 'wecom' ? wecomMentions(source, mentions) : source;
      return { text: sanitizeMarkdown(markdown), card: null };
    }
    case 'link': {
      const message = check(schemas.link, body[type], type);
      const url = safeUrl(message.messageUrl);
      if (!url) throw invalid('link.messageUrl', 'must be an http(s) URL');
      const card: Card = { title: clip(message.title, 300), url };
      if (message.text?.trim()) card.text = escapePlain(message.text.trim());
      return { text: '', card };
    }
    case 'actionCard': {
      const message = check(schemas.actionCard, body[type], type);
      const actions: CardAction[] = [];
      if (message.btns?.length) {
        message.btns.forEach((button, index) => {
          const url = safeUrl(button.actionURL);
          if (!url) throw invalid(`actionCard.btns[${index}].actionURL`, 'must be an http(s) URL');
          actions.push({ id: `action-${index + 1}`, label: clip(button.title, 100), url });
        });
      } else if (message.singleTitle && message.singleURL) {
        const url = safeUrl(message.singleURL);
        if (!url) throw invalid('actionCard.singleURL', 'must be an http(s) URL');
        actions.push({ id: 'action-1', label: clip(message.singleTitle, 100), url });
      } else {
        throw invalid('actionCard', 'needs singleTitle + singleURL, or btns');
      }
      const card: Card = { title: clip(message.title, 300) };
      if (message.text?.trim()) card.text = sanitizeMarkdown(message.text);
      card.actions = actions;
      return { text: '', card };
    }
    case 'feedCard': {
      const message = check(schemas.feedCard, body[type], type);
      const lines = message.links.map(
        (entry) => `- ${link(escapePlain(oneLine(entry.title)), entry.messageURL)}`,
      );
      return { text: lines.join('\n'), card: null };
    }
    case 'news': {
      const message = check(schemas.news, body[type], type);
      const [first, ...rest] = message.articles;
      if (first && rest.length === 0) {
        const url = safeUrl(first.url);
        if (!url) throw invalid('news.articles[0].url', 'must be an http(s) URL');
        const card: Card = { title: clip(first.title, 300), url };
        if (first.description?.trim()) card.text = escapePlain(first.description.trim());
        return { text: '', card };
      }
      const lines = message.articles.map((article) => {
        const description = article.description?.trim();
        const title = link(escapePlain(oneLine(article.title)), article.url);
        return `- ${title}${description ? ` — ${escapePlain(oneLine(description))}` : ''}`;
      });
      return { text: lines.join('\n'), card: null };
    }
  }
}
