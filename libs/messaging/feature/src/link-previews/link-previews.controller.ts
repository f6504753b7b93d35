import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequirePermissionKey, ZodPipe } from '@tidings/platform/http';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { LinkPreviews, type LinkPreview } from './link-previews.service';

const MAX_URL_CHARS = 2048;

/** An absolute http(s) URL, as a URL object. */
const webUrl = z
  .string({ error: 'expected an http(s) URL' })
  .max(MAX_URL_CHARS, `expected at most ${MAX_URL_CHARS} characters`)
  .transform((value, ctx) => {
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'expected an absolute http(s) URL' });
    return z.NEVER;
  });

const previewQuery = z.object({ url: webUrl });
const imageQuery = z.object({ url: webUrl, page: webUrl });

/** The preview as the API shows it: the picture through this server, never the remote URL. */
function previewView(preview: LinkPreview) {
  const image = preview.image
    ? `/api/v1/link-previews/image?${new URLSearchParams({ url: preview.image, page: preview.url })}`
    : null;
  return {
    url: preview.url,
    title: preview.title,
    description: preview.description,
    siteName: preview.siteName,
    image,
  };
}

/**
 * Link previews (docs/link-previews.md): the server reads the page, so the browser, whose
 * CSP only reaches this origin, never contacts the linked site — and the site never learns
 * who reads the message.
 */
@ApiTags('messaging')
@ApiBearerAuth()
@Controller('link-previews')
export class LinkPreviewsController {
  constructor(private readonly previews: LinkPreviews) {}

  @Get()
  @RequirePermissionKey('messaging.read')
  @ApiQuery({ name: 'url', required: true, description: 'an absolute http(s) URL' })
  @ApiOperation({
    summary:
      "A page's title, description, site name and image (Open Graph, Twitter card, <title>). 403 link_preview.refused for a private or non-web address, 422 link_preview.unavailable when the page failed, 404 link_preview.disabled when LINK_PREVIEWS=off",
  })
  async preview(@Query(new ZodPipe(previewQuery)) query: z.output<typeof previewQuery>) {
    return previewView(await this.previews.preview(query.url));
  }

  @Get('image')
  @RequirePermissionKey('messaging.read')
  @ApiQuery({ name: 'url', required: true, description: "the image URL the page's preview named" })
  @ApiQuery({ name: 'page', required: true, description: 'the page the preview is of' })
  @ApiOperation({
    summary:
      "A preview's picture, fetched by the server: PNG, JPEG, GIF or WebP by its bytes, at most 2 MB (404 link_preview.image_unknown for an image no preview named)",
  })
  async image(
    @Query(new ZodPipe(imageQuery)) query: z.output<typeof imageQuery>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const image = await this.previews.image(query.page, query.url);
    // The type is the one the bytes were sniffed as; the browser may not guess another, and
    // the picture, opened on its own, may run nothing.
    void reply
      .header('content-type', image.type)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('content-disposition', 'inline')
      .header('cache-control', 'private, max-age=3600');
    return new StreamableFile(image.bytes, { type: image.type, length: image.bytes.length });
  }
}
