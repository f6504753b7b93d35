import { fileErrors } from './file-errors';

/** An image's size as its header states it. */
export interface ImageSize {
  width: number;
  height: number;
  /** EXIF orientation 1–8; 5–8 mean the picture is shown turned by 90°. */
  orientation?: number;
}

/**
 * Refuses an image whose header claims more pixels than `maxPixels` — before anything decodes
 * it: a 100000×100000 PNG of one colour is a few kilobytes on disk and 40 GB once decoded.
 */
export function checkPixels(size: ImageSize, maxPixels: number): void {
  if (size.width * size.height > maxPixels)
    throw fileErrors.pixelFlood(size.width, size.height, maxPixels);
}

/** Width and height as the image is shown, EXIF orientation applied. */
export function displayedSize(size: ImageSize): { width: number; height: number } {
  const turned = size.orientation !== undefined && size.orientation >= 5 && size.orientation <= 8;
  return turned
    ? { width: size.height, height: size.width }
    : { width: size.width, height: size.height };
}
