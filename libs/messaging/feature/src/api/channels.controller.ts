import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { ChannelDirectoryEntry } from '@tidings/messaging/data-access';
import { NAME_MAX } from '@tidings/messaging/domain';
import { RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import { z } from 'zod';
import type { Caller } from '../caller';
import { ChannelDirectoryQueries } from '../reading/channel-directory.queries';
import { CurrentCaller } from './current-caller';

const directoryQuery = z.object({
  // Longer than any name finds nothing, which is an answer, not a bad request.
  q: z
    .string()
    .max(NAME_MAX * 2)
    .optional(),
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  // A query string says "true" or "false"; z.coerce.boolean would read "false" as true.
  includeArchived: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function channelView(c: ChannelDirectoryEntry) {
  return {
    id: c.id,
    name: c.name,
    topic: c.topic,
    purpose: c.purpose,
    memberCount: c.memberCount,
    createdAt: iso(c.createdAt),
    lastActivityAt: iso(c.lastActivityAt),
    archived: c.archivedAt !== null,
    archivedAt: iso(c.archivedAt),
    /** The caller is a member (else: POST /conversations/{id}/join). */
    joined: c.joined,
  };
}

/** The channel directory: public channels to find and join. */
@ApiTags('messaging')
@ApiBearerAuth()
@Controller('channels')
export class ChannelsController {
  constructor(private readonly queries: ChannelDirectoryQueries) {}

  @Get()
  @RequirePermissionKey('messaging.read')
  @ApiQuery({
    name: 'q',
    required: false,
    description:
      'part of the name, anywhere in it and case-insensitive (研发 finds “平台研发”; % and _ are literal)',
  })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiQuery({
    name: 'includeArchived',
    required: false,
    enum: ['true', 'false'],
    description: 'also list archived channels (default false)',
  })
  @ApiOperation({
    summary:
      'Public channels by name (then id), with member count and whether the caller joined; never private channels or direct conversations',
  })
  async list(
    @Query(new ZodPipe(directoryQuery)) query: z.output<typeof directoryQuery>,
    @CurrentCaller() caller: Caller,
  ) {
    const page = await this.queries.list(caller, query);
    return { items: page.items.map(channelView), nextCursor: page.nextCursor };
  }
}
