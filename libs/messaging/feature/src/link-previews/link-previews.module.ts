import { Module, type DynamicModule } from '@nestjs/common';
import type { LinkPreviewsOptions } from './link-previews-config';
import { LinkPreviewsController } from './link-previews.controller';
import { LINK_PREVIEWS_OPTIONS, LinkPreviews } from './link-previews.service';

/** `GET /api/v1/link-previews` and its image proxy; the host mounts it beside messaging. */
@Module({})
export class LinkPreviewsModule {
  static forRoot(options: LinkPreviewsOptions): DynamicModule {
    return {
      module: LinkPreviewsModule,
      controllers: [LinkPreviewsController],
      providers: [{ provide: LINK_PREVIEWS_OPTIONS, useValue: options }, LinkPreviews],
      exports: [LinkPreviews],
    };
  }
}
