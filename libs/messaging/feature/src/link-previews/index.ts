export {
  linkPreviewsConfigShape,
  linkPreviewsOptionsOf,
  type LinkPreviewsConfig,
  type LinkPreviewsOptions,
} from './link-previews-config';
export { LinkPreviewsModule } from './link-previews.module';
export { LinkPreviews, type LinkPreview } from './link-previews.service';
