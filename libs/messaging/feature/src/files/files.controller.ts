import type { Readable } from 'node:stream';
import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@tidings/contracts';
import type { FileRecord } from '@tidings/messaging/data-access';
import {
  contentDisposition,
  downloadNameOf,
  fileErrors,
  isInline,
} from '@tidings/messaging/domain';
import { DomainError } from '@tidings/platform/errors';
import { RequirePermissionKey } from '@tidings/platform/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentCaller } from './current-caller';
import { FileActions } from './file.actions';
import { FILES_OPTIONS, type FilesOptions } from './files-options';
import { THUMBNAIL_TYPE } from './inspection/thumbnails';
import { discardRestOfBody } from './file-uploads';
import { fileView } from './file-view';

/** Room for the multipart boundaries, part headers and the conversationId field. */
const FORM_OVERHEAD_BYTES = 64 * 1024;
const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Upload and download. The upload is multipart/form-data with `conversationId` first, then one
 * `file` part: the conversation is checked before the file's first byte is read.
 */
@ApiTags('files')
@ApiBearerAuth()
@Controller('files')
export class FilesController {
  constructor(
    private readonly actions: FileActions,
    @Inject(FILES_OPTIONS) private readonly options: FilesOptions,
  ) {}

  @Post()
  @HttpCode(201)
  @RequirePermissionKey('messaging.write')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['conversationId', 'file'],
      properties: {
        conversationId: { type: 'string', description: 'must come before the file part' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiOperation({
    summary:
      'Upload a file into a conversation (413 messaging.file.too_large, 415 messaging.file.type_refused, 422 messaging.file.archive_bomb / pixel_flood)',
  })
  async upload(@Req() request: FastifyRequest, @CurrentCaller() actor: Actor) {
    const { maxBytes } = this.options.limits;
    try {
      // A declared length over the limit is refused before anything is read.
      if (Number(request.headers['content-length']) > maxBytes + FORM_OVERHEAD_BYTES)
        throw fileErrors.tooLarge(maxBytes);
      if (!request.isMultipart())
        throw new DomainError(
          'request.unsupported_media_type',
          'unsupported_media_type',
          'Send the file as multipart/form-data.',
        );
      const part = await request.file({
        // One byte over is busboy's cue; our own count refuses at that byte.
        limits: { fileSize: maxBytes + 1, files: 1, fields: 4, fieldSize: 256, parts: 6 },
      });
      if (!part) throw fileErrors.badForm('The form has no file part.');
      const field = part.fields['conversationId'];
      const conversationId =
        field && !Array.isArray(field) && field.type === 'field' ? String(field.value) : '';
      if (!CONVERSATION_ID.test(conversationId))
        throw fileErrors.badForm('Send a conversationId field before the file part.');
      const file = await this.actions.upload(actor, {
        conversationId,
        // Browsers send a `"` in a file name as %22 (HTML's multipart encoding); busboy keeps it.
        fileName: part.filename?.replace(/%22/g, '"'),
        content: part.file,
      });
      return fileView(file);
    } catch (error) {
      // Answered now, before the rest of a refused body is read; the rest is dropped.
      if (!request.raw.complete) discardRestOfBody(request.raw);
      throw error;
    }
  }

  @Get(':id')
  @RequirePermissionKey('messaging.read')
  @ApiOperation({ summary: "A file's content (404 messaging.file.not_found without access)" })
  async download(
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentCaller() actor: Actor,
  ) {
    const { file, content } = await this.actions.download(actor, id);
    const inline = isInline(file.mime);
    const name = downloadNameOf(file.name, file.detectedExt, file.extensionMismatch);
    return this.send(reply, file, content, {
      type: file.mime,
      length: file.size,
      disposition: contentDisposition(inline ? 'inline' : 'attachment', name),
    });
  }

  @Get(':id/thumbnail')
  @RequirePermissionKey('messaging.read')
  @ApiOperation({ summary: "An image's thumbnail, WebP, at most 320 px (404 when it has none)" })
  async thumbnail(
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentCaller() actor: Actor,
  ) {
    const { file, content } = await this.actions.thumbnail(actor, id);
    return this.send(reply, file, content, {
      type: THUMBNAIL_TYPE,
      disposition: contentDisposition('inline', `${file.name}.webp`),
    });
  }

  private send(
    reply: FastifyReply,
    file: FileRecord,
    content: Readable,
    options: { type: string; disposition: string; length?: number },
  ): StreamableFile {
    // Never let a browser guess a type from the bytes: what we stored is what it gets. Inline
    // content may show but not run anything (no script, no plugins, no frames).
    void reply
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=3600')
      .header('etag', `"${file.sha256}"`);
    // (Not on PDFs: browsers refuse to run their PDF viewer in a sandboxed document.)
    if (options.type !== 'application/pdf')
      void reply.header('content-security-policy', "default-src 'none'; sandbox");
    return new StreamableFile(content, options);
  }
}
