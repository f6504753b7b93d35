import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { invalidCursor, type ExportRequest } from '@tidings/audit/domain';
import { ApiZodBody, RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import type { FastifyReply } from 'fastify';
import { actorOf, Principal, type AuditPrincipal } from '../api/principal';
import { ExportJobs } from './export-jobs';
import { exportBody, exportsQuery, type ExportsQuery } from './schemas';

/**
 * Audit exports (docs/compliance.md, "Exports"): compliance only (`audit.export`). A job is
 * queued and answered at once (202); its progress is polled, its archive downloaded.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/exports')
export class ExportsController {
  constructor(private readonly jobs: ExportJobs) {}

  @Post()
  @HttpCode(202)
  @RequirePermissionKey('audit.export')
  @ApiOperation({
    summary: 'Start an export (csv, jsonl or eml) of a time range, users, conversations, types',
  })
  @ApiZodBody(exportBody)
  async create(
    @Principal() principal: AuditPrincipal,
    @Body(new ZodPipe(exportBody)) body: ExportRequest,
  ) {
    return { job: await this.jobs.create(actorOf(principal), body) };
  }

  @Get()
  @RequirePermissionKey('audit.export')
  @ApiOperation({ summary: 'Export jobs, newest first' })
  list(@Query(new ZodPipe(exportsQuery)) query: ExportsQuery) {
    return this.jobs.list({ limit: query.limit, ...beforeIdOf(query.cursor) });
  }

  @Get(':id')
  @RequirePermissionKey('audit.export')
  @ApiOperation({ summary: 'One export job: status, progress, archive size and SHA-256' })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.jobs.get(id);
  }

  @Get(':id/archive')
  @RequirePermissionKey('audit.export')
  @ApiOperation({ summary: "A finished export's .tar.gz (409 audit.export.not_ready before)" })
  async archive(
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const archive = await this.jobs.archive(id);
    void reply
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('etag', `"${archive.sha256}"`);
    return new StreamableFile(archive.content, {
      type: 'application/gzip',
      length: archive.bytes,
      disposition: `attachment; filename="${archive.name}"`,
    });
  }
}

/** The cursor is the last job id of a page, opaque to clients. */
function beforeIdOf(cursor: string | undefined): { beforeId?: string } {
  if (cursor === undefined || cursor === '') return {};
  const match = /^job:([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match?.[1]) throw invalidCursor();
  return { beforeId: match[1] };
}
