import { addDays, dayOf, monthOf, nextMonth, yearOf, type IsoDay } from './days';

/**
 * What a search asks for, parsed from the words a person types:
 *
 *   数据库 "release plan" from:bob in:general has:file after:2025-01-31 before:2025-03-01
 *
 * Words and "quoted phrases" must all occur in a message (case-insensitive substrings — the
 * indexes are trigram indexes, so 数据库 is found inside a sentence without word breaks).
 * `from:` and `in:` may repeat (any of them matches). Dates are calendar days in the caller's
 * time zone: `before:D` ends where D begins, `after:D` starts the day after D (as in Slack
 * and Mattermost), `on:D` is that day, `during:` a day, month (YYYY-MM) or year (YYYY).
 * Anything else that looks like `name:value` is a word, so pasting `http://…` still works.
 */
export interface SearchQuery {
  /** Words and phrases, as typed (matching ignores case). */
  terms: string[];
  /** Usernames, lower-cased, without a leading `@`. */
  from: string[];
  /** Conversation ids or channel names (without a leading `#`), as typed. */
  in: string[];
  hasFile: boolean;
  /** First day included, if bounded. */
  since: IsoDay | null;
  /** First day no longer included, if bounded. */
  until: IsoDay | null;
}

export type ParsedSearch = { ok: true; query: SearchQuery } | { ok: false; message: string };

/** More would make one query of a dozen substring scans; nobody types that many on purpose. */
export const SEARCH_MAX_TERMS = 10;
/** Per word or phrase, in characters. */
export const SEARCH_TERM_MAX_CHARS = 100;

const OPERATORS = new Set(['from', 'in', 'has', 'before', 'after', 'on', 'during']);

interface Token {
  /** `name` of `name:value`, lower-cased; null for a word or phrase. */
  operator: string | null;
  value: string;
  /** The token as typed, to fall back on when an operator turns out not to be one. */
  raw: string;
  quoted: boolean;
}

/** Both ASCII quotes and the full-width ones Chinese input methods type. */
const QUOTES: Record<string, string> = { '"': '"', '“': '”', '”': '”' };

/**
 * Splits on white space (the ideographic space too), keeping quoted runs together — also
 * as an operator's value: `in:"team alpha"`. An unclosed quote runs to the end.
 */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const chars = Array.from(input);
  let i = 0;
  while (i < chars.length) {
    while (i < chars.length && /\s/u.test(chars[i] as string)) i++;
    if (i >= chars.length) break;
    const start = i;
    let operator: string | null = null;
    let value = '';
    let quoted = false;
    // An operator name is letters followed by a colon (full-width too: from：bob).
    const head = /^([A-Za-z]+)[:：]/u.exec(chars.slice(i, i + 12).join(''));
    if (head?.[1] && OPERATORS.has(head[1].toLowerCase())) {
      operator = head[1].toLowerCase();
      i += head[0].length;
    }
    const close = QUOTES[chars[i] ?? ''];
    if (close) {
      quoted = true;
      i++;
      while (i < chars.length && chars[i] !== close && chars[i] !== '"') value += chars[i++];
      i++; // the closing quote (or the end)
    } else {
      while (i < chars.length && !/\s/u.test(chars[i] as string)) value += chars[i++];
    }
    tokens.push({ operator, value, raw: chars.slice(start, i).join('').trim(), quoted });
  }
  return tokens;
}

export function parseSearchQuery(input: string): ParsedSearch {
  const query: SearchQuery = {
    terms: [],
    from: [],
    in: [],
    hasFile: false,
    since: null,
    until: null,
  };
  const narrow = (since: IsoDay | null, until: IsoDay | null) => {
    if (since && (!query.since || since > query.since)) query.since = since;
    if (until && (!query.until || until < query.until)) query.until = until;
  };
  for (const token of tokenize(input)) {
    const value = token.value.trim();
    if (token.operator === null || value === '') {
      // A word, a phrase — or an operator with nothing after it (`from:`), taken as typed.
      const term = token.operator === null ? value : token.raw;
      if (term !== '') query.terms.push(term);
      continue;
    }
    switch (token.operator) {
      case 'from':
        query.from.push(value.replace(/^@/, '').toLowerCase());
        break;
      case 'in':
        query.in.push(value.replace(/^#/, ''));
        break;
      case 'has':
        if (/^files?$/i.test(value)) query.hasFile = true;
        else query.terms.push(token.raw); // has:link is not ours (yet): a word
        break;
      default: {
        const range = dateRange(token.operator, value);
        if (!range)
          return {
            ok: false,
            message: `${token.operator}: takes a date such as 2025-03-01${
              token.operator === 'during' ? ' (or 2025-03, or 2025)' : ''
            }, not "${value}".`,
          };
        narrow(range.since, range.until);
      }
    }
  }
  if (query.terms.length > SEARCH_MAX_TERMS)
    return { ok: false, message: `Search for at most ${SEARCH_MAX_TERMS} words and phrases.` };
  const long = query.terms.find((t) => Array.from(t).length > SEARCH_TERM_MAX_CHARS);
  if (long !== undefined)
    return {
      ok: false,
      message: `A word or phrase has at most ${SEARCH_TERM_MAX_CHARS} characters.`,
    };
  if (
    query.terms.length === 0 &&
    query.from.length === 0 &&
    query.in.length === 0 &&
    !query.hasFile &&
    !query.since &&
    !query.until
  )
    return { ok: false, message: 'Say what to search for: words, or from:, in:, has:file, …' };
  return { ok: true, query };
}

/** The days a date operator covers, or null for a value that is no date. */
function dateRange(
  operator: string,
  value: string,
): { since: IsoDay | null; until: IsoDay | null } | null {
  const day = dayOf(value);
  switch (operator) {
    case 'before':
      return day ? { since: null, until: day } : null;
    case 'after':
      return day ? { since: addDays(day, 1), until: null } : null;
    case 'on':
      return day ? { since: day, until: addDays(day, 1) } : null;
    default: {
      // during:
      if (day) return { since: day, until: addDays(day, 1) };
      const month = monthOf(value);
      if (month) return { since: month, until: nextMonth(month) };
      const year = yearOf(value);
      return year ? { since: year, until: `${Number(year.slice(0, 4)) + 1}-01-01` } : null;
    }
  }
}
