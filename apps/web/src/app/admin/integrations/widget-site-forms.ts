import type { TranslationKey } from '../../i18n/translations';
import type { Checked, Problem } from './integration-forms';
import type { NewWidgetSite } from './integrations-api';
import { problemText } from './problem-text';

/**
 * The "Widget sites" tab's rules as pure functions (docs/widget.md): the add form's text in, a
 * request body or the problems out; the server's refusal mapped back onto the form's fields;
 * the embed snippet. The server has the last word on every rule checked here.
 */

export interface WidgetSiteForm {
  /** `scheme://host[:port]`, as typed. */
  origin: string;
  /** The owner bot's id, or '' while none is chosen. */
  botId: string;
  /** An optional label for the list. */
  name: string;
}

export type WidgetSiteField = keyof WidgetSiteForm;

export const EMPTY_WIDGET_SITE: WidgetSiteForm = { origin: '', botId: '', name: '' };

/** Long enough for any label an administrator means; the server keeps its own limit. */
const NAME_MAX = 100;

/**
 * A DNS label (underscores allowed for intranet names) or an IPv4 part, or a bracketed IPv6
 * address — as narrow as the server's check: the URL parser would accept `*.example.com`, but
 * an origin ends up in a `frame-ancestors` header, where `*` is a wildcard.
 */
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;

/**
 * The origin a browser would send for pages of this site — `https://oa.example.com`,
 * `http://127.0.0.1:8080` — or null when the text is not exactly an http(s) scheme, a host
 * and an optional port (a path, query, fragment or user name would never match an Origin
 * header, so they are refused rather than silently cut). Case and a default port are
 * normalised the way the browser does, so what is stored is what pages will send.
 */
export function originOf(text: string): string | null {
  const typed = text.trim();
  // One optional trailing slash is what copying a site's address usually brings along.
  if (typed.length > 300 || !/^https?:\/\/[^\s/?#@\\]+\/?$/i.test(typed)) return null;
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return null; // not a host at all ("http://a b", a port over 65535)
  }
  const host = url.hostname;
  const hostOk = IPV6.test(host) || host.split('.').every((label) => LABEL.test(label));
  return hostOk ? url.origin : null;
}

export function checkWidgetSite(form: WidgetSiteForm): Checked<NewWidgetSite, WidgetSiteField> {
  const problems: Array<Problem<WidgetSiteField>> = [];
  const origin = form.origin.trim() ? originOf(form.origin) : null;
  if (!form.origin.trim())
    problems.push({ field: 'origin', message: 'integrations.sites.originRequired' });
  else if (origin === null)
    problems.push({ field: 'origin', message: 'integrations.sites.originInvalid' });
  if (!form.botId) problems.push({ field: 'botId', message: 'integrations.sites.botRequired' });
  const name = form.name.trim();
  if (name.length > NAME_MAX)
    problems.push({ field: 'name', message: 'integrations.sites.nameTooLong' });
  if (problems.length > 0 || origin === null) return { ok: false, problems };
  return { ok: true, value: { origin, botId: form.botId, ...(name ? { name } : {}) } };
}

/** What is shown beside a field: one of our strings, or the server's own words. */
export type FieldMessage = { key: TranslationKey } | { text: string };

/** The refusals of `POST /widget/sites` that are about one field, by their stable code. */
const FIELD_OF_CODE: Record<string, { field: WidgetSiteField; key: TranslationKey }> = {
  'widget.origin_invalid': { field: 'origin', key: 'integrations.sites.originInvalid' },
  'widget.site_exists': { field: 'origin', key: 'integrations.sites.exists' },
  'widget.bot_unknown': { field: 'botId', key: 'integrations.sites.botUnknown' },
};

const FIELDS: readonly WidgetSiteField[] = ['origin', 'botId', 'name'];

/**
 * A refused add explained: a known code goes beside its field in the console's words; each
 * `errors[]` issue naming a field (`origin`, `body.botId`) beside that field; whatever names no
 * field is one line under the form — the other issues, else the whole problem (problemText).
 * Read structurally (an ApiError carries `code` and `problem`), so it is tested without Angular.
 */
export function siteRefusal(error: unknown): {
  byField: Partial<Record<WidgetSiteField, FieldMessage>>;
  general: string | null;
} {
  const byField: Partial<Record<WidgetSiteField, FieldMessage>> = {};
  const general: string[] = [];
  const refusal = error as { code?: unknown; problem?: Readonly<Record<string, unknown>> };
  const problem = refusal?.problem ?? {};
  const code = typeof refusal?.code === 'string' ? refusal.code : problem['code'];
  const known = typeof code === 'string' ? FIELD_OF_CODE[code] : undefined;
  if (known) byField[known.field] = { key: known.key };
  const issues = Array.isArray(problem['errors'])
    ? (problem['errors'] as Array<{ path?: unknown; message?: unknown }>)
    : [];
  for (const issue of issues) {
    const message = typeof issue.message === 'string' ? issue.message : null;
    if (!message) continue;
    const path = typeof issue.path === 'string' ? issue.path.replace(/^body\./, '') : '';
    const field = FIELDS.find((name) => name === path);
    if (field) byField[field] ??= { text: message };
    else if (!known) general.push(message);
  }
  if (general.length === 0 && Object.keys(byField).length === 0) general.push(problemText(error));
  return { byField, general: general.length > 0 ? general.join('; ') : null };
}

/**
 * The HTML a page of a widget site embeds (docs/widget.md, "Embed in three lines"). The loader
 * comes from this Tidings as the browser reached it, resolved against the document's base so a
 * Tidings served under a path prefix still gives the right address.
 */
export function embedSnippet(baseUri: string): string {
  const loader = new URL('widget/loader.js', baseUri).href;
  return `<script src="${loader}" async></script>\n<tidings-chat></tidings-chat>`;
}
