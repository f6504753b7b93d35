import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import { z } from 'zod';
import { CurrentCaller } from '../api/current-caller';
import type { Caller } from '../caller';
import { SEARCH_MAX_LIMIT, SearchQueries, type SearchHit } from './search.queries';

const searchQuery = z.object({
  q: z.string().max(500),
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(SEARCH_MAX_LIMIT).default(20),
  tz: z.string().min(1).max(64).optional(),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A hit as the API shows it; the client opens it with GET …/messages?around={seq}. */
function hitView(hit: SearchHit) {
  return {
    messageId: hit.messageId,
    seq: hit.seq,
    conversation: {
      id: hit.conversationId,
      kind: hit.conversationKind,
      name: hit.conversationName,
    },
    sender: {
      id: hit.senderId,
      kind: hit.senderKind,
      username: hit.author?.username ?? null,
      displayName: hit.author?.displayName ?? null,
      active: hit.author?.active ?? null,
    },
    createdAt: iso(hit.createdAt),
    editedAt: iso(hit.editedAt),
    snippet: hit.snippet,
    /** The message's card, as history shows it (null: none). */
    card: hit.card,
    cardVersion: hit.cardVersion,
  };
}

/** Search over the messages the caller may read. */
@ApiTags('messaging')
@ApiBearerAuth()
@Controller()
export class SearchController {
  constructor(private readonly queries: SearchQueries) {}

  @Get('search')
  @RequirePermissionKey('messaging.read')
  @ApiQuery({
    name: 'q',
    required: true,
    description:
      'words and "phrases" (all must occur; case-insensitive substrings, so 数据库 is found inside a sentence), ' +
      'from:username, in:<conversation id or channel name>, has:file, before:/after:/on:YYYY-MM-DD, ' +
      'during:YYYY[-MM[-DD]]; anything else is a word',
  })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: `1-${SEARCH_MAX_LIMIT}, default 20` })
  @ApiQuery({
    name: 'tz',
    required: false,
    description: 'IANA time zone the dates are days of (default UTC)',
  })
  @ApiOperation({
    summary:
      'Messages the caller may read, newest first, each with an HTML snippet (escaped text, <mark> around matches). 400 messaging.search.bad_query for a query that cannot be read',
  })
  async search(
    @Query(new ZodPipe(searchQuery)) query: z.output<typeof searchQuery>,
    @CurrentCaller() caller: Caller,
  ) {
    const page = await this.queries.search(caller, query);
    return { items: page.items.map(hitView), nextCursor: page.nextCursor };
  }
}
