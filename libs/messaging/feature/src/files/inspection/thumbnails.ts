import { Logger } from '@nestjs/common';
import { checkPixels, THUMBNAIL_MAX_EDGE, type ImageSize } from '@tidings/messaging/domain';

// sharp's ESM type declarations lack its default export; its CommonJS ones describe it.
type Sharp = typeof import('sharp', { with: { 'resolution-mode': 'require' } });

/**
 * sharp (libvips) ships prebuilt for the common platforms as optional packages; where none
 * fits it cannot load. Uploads then go on without thumbnails rather than failing.
 */
let loading: Promise<Sharp | null> | undefined;
function loadSharp(): Promise<Sharp | null> {
  loading ??= import('sharp')
    .then((m) => (m as unknown as { default: Sharp }).default)
    .catch((error: unknown) => {
      new Logger('Files').warn(`thumbnails disabled: sharp does not load here (${String(error)})`);
      return null;
    });
  return loading;
}

export const THUMBNAIL_TYPE = 'image/webp';

/**
 * The image's size as libvips reads it from the header (no pixels decoded), checked against
 * `maxPixels` — the second look, for headers image-size could not read. Null when sharp is
 * unavailable or cannot read the header either.
 */
export async function libvipsImageSize(path: string, maxPixels: number): Promise<ImageSize | null> {
  const sharp = await loadSharp();
  if (!sharp) return null;
  const meta = await sharp(path, { limitInputPixels: false })
    .metadata()
    .catch(() => null);
  if (!meta?.width || !meta.height) return null;
  const size = {
    width: meta.width,
    height: meta.height,
    ...(meta.orientation ? { orientation: meta.orientation } : {}),
  };
  checkPixels(size, maxPixels);
  return size;
}

/**
 * A WebP at most 320 px on its longer edge, turned upright by its EXIF orientation; only the
 * first frame of an animation. `limitInputPixels` makes libvips itself refuse to decode more
 * than the limit, whatever the header said. Null when no thumbnail can be made — the upload
 * is kept without one.
 */
export async function makeThumbnail(path: string, maxPixels: number): Promise<Buffer | null> {
  const sharp = await loadSharp();
  if (!sharp) return null;
  try {
    return await sharp(path, { limitInputPixels: maxPixels, animated: false })
      .rotate()
      .resize(THUMBNAIL_MAX_EDGE, THUMBNAIL_MAX_EDGE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
  } catch (error) {
    new Logger('Files').warn(`no thumbnail: ${String(error)}`);
    return null;
  }
}
