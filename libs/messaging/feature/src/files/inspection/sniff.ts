import { fileTypeFromFile, supportedExtensions } from 'file-type';
import { imageSizeFromFile } from 'image-size/fromFile';
import type { DetectedType, ImageSize } from '@tidings/messaging/domain';

/** Every extension file-type can recognise: a name claiming one of these makes a promise. */
export const RECOGNISED_EXTENSIONS: ReadonlySet<string> = new Set(supportedExtensions);

/** The file's type by its magic bytes (file-type reads what it needs, random access). */
export async function detectType(path: string): Promise<DetectedType | undefined> {
  const found = await fileTypeFromFile(path);
  return found ? { mime: found.mime, ext: found.ext } : undefined;
}

/**
 * An image's size from its header alone (image-size reads at most the first 512 KiB and decodes
 * nothing); null when the header cannot be read.
 */
export async function headerImageSize(path: string): Promise<ImageSize | null> {
  try {
    const size = await imageSizeFromFile(path);
    if (!size.width || !size.height) return null;
    return {
      width: size.width,
      height: size.height,
      ...(size.orientation ? { orientation: size.orientation } : {}),
    };
  } catch {
    return null;
  }
}
