import type { TranslationKey } from '../i18n/translations';
import type { AuditFilters } from './compliance-api';

/** The filter form as typed: times from `datetime-local` inputs, lists as free text. */
export interface FilterForm {
  /** `YYYY-MM-DDTHH:mm` in the browser's time zone, or ''. */
  from: string;
  to: string;
  /** Chosen people's ids (the people picker). */
  users: readonly string[];
  /** Conversation ids, separated by commas, spaces or new lines. */
  conversations: string;
  /** Event types, e.g. `messaging.message.sent`, separated the same way. */
  types: string;
  q: string;
}

export const EMPTY_FILTER_FORM: FilterForm = {
  from: '',
  to: '',
  users: [],
  conversations: '',
  types: '',
  q: '',
};

export interface FilterProblem {
  field: keyof FilterForm;
  message: TranslationKey;
}

export type FilterResult =
  { ok: true; filters: AuditFilters } | { ok: false; problems: FilterProblem[] };

/**
 * A list typed by a person: commas (ASCII or full-width), spaces or new lines between
 * items, each once, in the order typed.
 */
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,，、]+/)
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * A `datetime-local` value as an ISO instant — read in the browser's time zone, which is
 * what the person meant; '' is no bound, anything unreadable is null.
 */
export function localToIso(value: string): string | null | undefined {
  if (!value.trim()) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value.trim())) return null;
  const time = new Date(value.trim());
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

/** `messaging.message.sent`, or a prefix: `messaging.*`. */
const TYPE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.\*|(\.[a-z0-9_]+))$/;

/**
 * The form as the API's filters, or every problem at once, each naming its field: an
 * unreadable time, a range that ends before it starts, an event type that cannot be one.
 * `withText` false (exports) leaves the words out — an export has no text filter.
 */
export function filtersOf(form: FilterForm, withText = true): FilterResult {
  const problems: FilterProblem[] = [];
  const from = localToIso(form.from);
  const to = localToIso(form.to);
  if (from === null) problems.push({ field: 'from', message: 'compliance.filter.badTime' });
  if (to === null) problems.push({ field: 'to', message: 'compliance.filter.badTime' });
  if (from && to && from > to)
    problems.push({ field: 'to', message: 'compliance.filter.toBeforeFrom' });
  const types = splitList(form.types);
  if (types.some((type) => !TYPE.test(type)))
    problems.push({ field: 'types', message: 'compliance.filter.badType' });
  if (problems.length > 0) return { ok: false, problems };

  const filters: AuditFilters = {};
  if (from) filters.from = from;
  if (to) filters.to = to;
  if (form.users.length) filters.users = [...form.users];
  const conversations = splitList(form.conversations);
  if (conversations.length) filters.conversations = conversations;
  if (types.length) filters.types = types;
  if (withText && form.q.trim()) filters.q = form.q.trim();
  return { ok: true, filters };
}

/** The problem for one field, if any (for `aria-invalid` and the message beside it). */
export function problemFor(
  problems: readonly FilterProblem[],
  field: keyof FilterForm,
): TranslationKey | null {
  return problems.find((problem) => problem.field === field)?.message ?? null;
}

/** The query string of a search: lists comma-joined, empty parts left out. */
export function filterQuery(filters: AuditFilters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.from) query.set('from', filters.from);
  if (filters.to) query.set('to', filters.to);
  if (filters.users?.length) query.set('users', filters.users.join(','));
  if (filters.conversations?.length) query.set('conversations', filters.conversations.join(','));
  if (filters.types?.length) query.set('types', filters.types.join(','));
  if (filters.q) query.set('q', filters.q);
  return query;
}
