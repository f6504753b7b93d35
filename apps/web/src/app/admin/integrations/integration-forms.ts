import type { TranslationKey } from '../../i18n/translations';
import type {
  Delivery,
  DeliveryAttempt,
  NewSubscription,
  NewWebhook,
  WebhookAuth,
} from './integrations-api';

/**
 * The integration console's forms as pure functions: text as typed in, a request body or the
 * problems (each naming its field) out. They mirror the server's rules for a clear message
 * before a round trip; the server has the last word and its refusals are shown as well.
 */

export interface Problem<F extends string> {
  field: F;
  message: TranslationKey;
}

export type Checked<T, F extends string> =
  { ok: true; value: T } | { ok: false; problems: Array<Problem<F>> };

/** A list typed one per line or comma-separated: trimmed, empty entries and repeats dropped. */
export function splitList(text: string): string[] {
  const items = text
    .split(/[\n,，]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  return [...new Set(items)];
}

const WEB_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

export interface WebhookForm {
  displayName: string;
  auth: WebhookAuth;
  /** Conversation ids (or channel names), the first the default target. */
  conversations: string[];
  /** CIDRs or addresses, one per line; empty: any address. */
  ipAllowlist: string;
}

export const EMPTY_WEBHOOK: WebhookForm = {
  displayName: '',
  auth: 'url',
  conversations: [],
  ipAllowlist: '',
};

export function checkWebhook(form: WebhookForm): Checked<NewWebhook, keyof WebhookForm> {
  const displayName = form.displayName.trim();
  const problems: Array<Problem<keyof WebhookForm>> = [];
  if (!displayName)
    problems.push({ field: 'displayName', message: 'integrations.form.displayNameRequired' });
  else if (displayName.length > 80)
    problems.push({ field: 'displayName', message: 'integrations.form.displayNameTooLong' });
  if (form.conversations.length === 0)
    problems.push({ field: 'conversations', message: 'integrations.form.conversationRequired' });
  else if (form.conversations.length > 20)
    problems.push({ field: 'conversations', message: 'integrations.form.tooManyConversations' });
  const ipAllowlist = splitList(form.ipAllowlist);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      conversations: [...form.conversations],
      displayName,
      auth: form.auth,
      ...(ipAllowlist.length > 0 ? { ipAllowlist } : {}),
    },
  };
}

export interface SubscriptionForm {
  name: string;
  mode: 'http' | 'socket';
  url: string;
  /** The owner bot's id, or '' for none. */
  botId: string;
  /** The incoming webhook whose cards' actions this subscription answers, or '' for none. */
  webhookId: string;
  /** Event types or `prefix.*`, one per line or comma-separated. */
  events: string;
  conversationIds: string[];
  triggerWords: string;
  /** Where a trigger word counts: anywhere in the message, or only at its start. */
  triggerAt: 'anywhere' | 'start';
  mentionsOnly: boolean;
  ordered: boolean;
}

export const EMPTY_SUBSCRIPTION: SubscriptionForm = {
  name: '',
  mode: 'http',
  url: '',
  botId: '',
  webhookId: '',
  events: 'messaging.message.sent',
  conversationIds: [],
  triggerWords: '',
  triggerAt: 'anywhere',
  mentionsOnly: false,
  ordered: false,
};

/** `messaging.message.sent`, or a prefix ending in `.*` such as `directory.*`. */
const EVENT_PATTERN = /^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*(?:\.\*)?$/;

export function checkSubscription(
  form: SubscriptionForm,
): Checked<NewSubscription, keyof SubscriptionForm> {
  const name = form.name.trim();
  const url = form.url.trim();
  const events = splitList(form.events);
  const triggerWords = splitList(form.triggerWords);
  const problems: Array<Problem<keyof SubscriptionForm>> = [];
  if (!name) problems.push({ field: 'name', message: 'integrations.form.nameRequired' });
  if (form.mode === 'http' && !url)
    problems.push({ field: 'url', message: 'integrations.form.urlRequired' });
  else if (form.mode === 'http' && !WEB_URL.test(url))
    problems.push({ field: 'url', message: 'integrations.form.urlInvalid' });
  if (form.mode === 'socket' && !form.botId)
    problems.push({ field: 'botId', message: 'integrations.form.socketNeedsBot' });
  if (events.length === 0)
    problems.push({ field: 'events', message: 'integrations.form.eventsRequired' });
  else if (!events.every((event) => EVENT_PATTERN.test(event)))
    problems.push({ field: 'events', message: 'integrations.form.eventsInvalid' });
  if (form.mentionsOnly && !form.botId)
    problems.push({ field: 'mentionsOnly', message: 'integrations.form.mentionsNeedBot' });
  if (problems.length > 0) return { ok: false, problems };
  const filters = {
    ...(form.conversationIds.length > 0 ? { conversationIds: [...form.conversationIds] } : {}),
    ...(triggerWords.length > 0 ? { triggerWords } : {}),
    ...(triggerWords.length > 0 && form.triggerAt === 'start'
      ? { triggerAt: 'start' as const }
      : {}),
    ...(form.mentionsOnly ? { mentionsOnly: true } : {}),
  };
  return {
    ok: true,
    value: {
      name,
      mode: form.mode,
      ...(form.mode === 'http' ? { url } : {}),
      ...(form.botId ? { botId: form.botId } : {}),
      ...(form.webhookId ? { webhookId: form.webhookId } : {}),
      events,
      ...(Object.keys(filters).length > 0 ? { filters } : {}),
      ...(form.ordered ? { ordered: true } : {}),
    },
  };
}

/** As the identity service checks a bot's username. */
const BOT_USERNAME = /^[a-z][a-z0-9._-]{2,63}$/;

export function checkBot(form: {
  username: string;
  displayName: string;
}): Checked<{ username: string; displayName?: string }, 'username' | 'displayName'> {
  const username = form.username.trim();
  const displayName = form.displayName.trim();
  if (!BOT_USERNAME.test(username))
    return {
      ok: false,
      problems: [{ field: 'username', message: 'integrations.bots.usernameInvalid' }],
    };
  if (displayName.length > 100)
    return {
      ok: false,
      problems: [{ field: 'displayName', message: 'integrations.form.displayNameTooLong' }],
    };
  return { ok: true, value: { username, ...(displayName ? { displayName } : {}) } };
}

/** The scopes a bot token may carry (what the integration role grants). */
export const TOKEN_SCOPES = [
  'connectors.use',
  'messaging.read',
  'messaging.write',
  'directory.read',
  'widget.tokens.issue',
] as const;

/**
 * Scopes a new token gets only when ticked on purpose (the server's default leaves them out
 * too): `widget.tokens.issue` lets the bot sign people in to the widget (docs/widget.md).
 */
export const OPT_IN_TOKEN_SCOPES: readonly string[] = ['widget.tokens.issue'];

/** What the form ticks to begin with: everything but the opt-in scopes. */
export const DEFAULT_TOKEN_SCOPES: readonly string[] = TOKEN_SCOPES.filter(
  (scope) => !OPT_IN_TOKEN_SCOPES.includes(scope),
);

export function checkToken(form: {
  scopes: readonly string[];
  expiresInDays: string;
}): Checked<{ scopes: string[]; expiresInDays: number | null }, 'scopes' | 'expiresInDays'> {
  const problems: Array<Problem<'scopes' | 'expiresInDays'>> = [];
  if (form.scopes.length === 0)
    problems.push({ field: 'scopes', message: 'integrations.tokens.scopesRequired' });
  const days = form.expiresInDays.trim();
  const expiresInDays = days === '' ? null : Number(days);
  if (
    expiresInDays !== null &&
    (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 3650)
  )
    problems.push({ field: 'expiresInDays', message: 'integrations.tokens.expiryInvalid' });
  if (problems.length > 0) return { ok: false, problems };
  // In the table's order, whatever order they were ticked in.
  const scopes = TOKEN_SCOPES.filter((scope) => form.scopes.includes(scope));
  return { ok: true, value: { scopes, expiresInDays } };
}

/** A delivery with its attempts, however the detail route names the list. */
export interface DeliveryDetail extends Delivery {
  attemptList: DeliveryAttempt[];
}

/**
 * `GET /integrations/deliveries/{id}` is the delivery view plus its attempts: in api.md the
 * list replaces the view's `attempts` count. Both shapes are read, so the count always shows.
 */
export function deliveryDetailOf(raw: Record<string, unknown>): DeliveryDetail {
  const list = Array.isArray(raw['attempts'])
    ? (raw['attempts'] as DeliveryAttempt[])
    : Array.isArray(raw['attemptList'])
      ? (raw['attemptList'] as DeliveryAttempt[])
      : [];
  const count = typeof raw['attempts'] === 'number' ? raw['attempts'] : list.length;
  return {
    ...(raw as unknown as Delivery),
    attempts: count,
    attemptList: [...list].sort((a, b) => a.number - b.number),
  };
}

/** "200 · 12 ms", "timeout", "— (no answer yet)": one attempt's outcome on a line. */
export function attemptOutcome(attempt: Pick<DeliveryAttempt, 'statusCode' | 'error'>): string {
  if (attempt.statusCode !== null) return String(attempt.statusCode);
  return attempt.error ?? '—';
}

/** Shown secrets and headers may be long; the log shows bodies pretty-printed. */
export function prettyBody(body: unknown): string {
  if (body === null || body === undefined) return '';
  if (typeof body === 'string') {
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      return body;
    }
  }
  return JSON.stringify(body, null, 2);
}
