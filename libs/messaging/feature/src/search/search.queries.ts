import {
  messagingSearch,
  SearchIndexer,
  type SearchCursor,
  type SearchHitRecord,
  type SearchRepository,
} from '@tidings/messaging/data-access';
import {
  dayStartMs,
  highlightSnippet,
  isTimeZone,
  normalizeName,
  parseSearchQuery,
} from '@tidings/messaging/domain';
import { DomainError } from '@tidings/platform/errors';
import type { DataSource } from 'typeorm';
import type { Caller } from '../caller';

export interface SearchRequest {
  /** The query as typed: words, "phrases", from:, in:, has:file, before:, after:, on:, during:. */
  q: string;
  cursor?: string | undefined;
  limit: number;
  /** IANA time zone the query's dates are days of; UTC when absent. */
  tz?: string | undefined;
}

export interface SearchHit extends SearchHitRecord {
  /** HTML: the text around the first match, escaped, with `<mark>` around each match. */
  snippet: string;
}

export interface SearchPage {
  items: SearchHit[];
  nextCursor: string | null;
}

/** Results per page at most: each hit is a snippet to build, and people read the top few. */
export const SEARCH_MAX_LIMIT = 50;

/**
 * Message search (docs/messaging.md "Search"). A read: no transaction, no event. Which
 * conversations are searched is decided in the one query that finds the messages — the
 * core's read rule as SQL — so there is no moment where a list of "readable" conversations
 * could go stale, and no count of hidden hits to learn from.
 */
export class SearchQueries {
  private readonly repository: SearchRepository;

  constructor(
    dataSource: DataSource,
    private readonly indexer = new SearchIndexer(dataSource),
  ) {
    this.repository = messagingSearch(dataSource);
  }

  async search(caller: Caller, request: SearchRequest): Promise<SearchPage> {
    const parsed = parseSearchQuery(request.q);
    if (!parsed.ok) throw badQuery(parsed.message);
    const zone = request.tz ?? 'UTC';
    if (!isTimeZone(zone)) throw badQuery(`"${zone}" is no time zone (try Asia/Shanghai, UTC).`);
    const { query } = parsed;
    const limit = Math.min(Math.max(1, request.limit), SEARCH_MAX_LIMIT);
    // Messages still queued for the index go in first: a search sees every message sent
    // before it (SQLite indexes in batches after the send; see SearchIndexer).
    await this.indexer.catchUp();
    // One more than the page: whether there is a next page, without counting.
    const hits = await this.repository.find({
      readerId: caller.id,
      terms: query.terms,
      senders: query.from,
      conversations: query.in.map(normalizeName),
      hasFile: query.hasFile,
      sinceMs: query.since === null ? null : dayStartMs(query.since, zone),
      untilMs: query.until === null ? null : dayStartMs(query.until, zone),
      ...(request.cursor ? { after: decodeCursor(request.cursor) } : {}),
      limit: limit + 1,
    });
    const page = hits.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((hit) => ({ ...hit, snippet: highlightSnippet(hit.text, query.terms) })),
      nextCursor:
        hits.length > limit && last
          ? encodeCursor({ createdAt: last.createdAt, id: last.messageId })
          : null,
    };
  }
}

function badQuery(message: string): DomainError {
  return new DomainError('messaging.search.bad_query', 'invalid', message);
}

function encodeCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

function decodeCursor(value: string): SearchCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(value, 'base64url').toString()) as unknown[];
    if (typeof createdAt === 'number' && typeof id === 'string') return { createdAt, id };
  } catch {
    // fall through: a cursor is ours or it is invalid
  }
  throw new DomainError('messaging.cursor.invalid', 'invalid', 'This cursor is not one we gave.');
}
