import { fileTypeFromBuffer } from 'file-type';
import {
  ArchiveBudget,
  checkPixels,
  displayedSize,
  extensionMismatch,
  fileErrors,
  isThumbnailable,
  OPAQUE_TYPE,
  refusalOf,
  storedTypeOf,
  type DetectedType,
  type FileLimits,
} from '@tidings/messaging/domain';
import { inspectGzip, isGzip } from './gzip-inspector';
import { detectType, headerImageSize, RECOGNISED_EXTENSIONS } from './sniff';
import { libvipsImageSize, makeThumbnail } from './thumbnails';
import { inspectZip, isZip } from './zip-inspector';

/** What the policy made of an upload that passed it. */
export interface Inspection {
  detected: DetectedType | undefined;
  /** The type it is stored and served with. */
  mime: string;
  extensionMismatch: boolean;
  /** Images: the size as shown (EXIF orientation applied). */
  image: { width: number; height: number } | null;
  thumbnail: Buffer | null;
}

/**
 * The first look, on the first 4 KiB while the upload still streams: an executable or a
 * refused type stops it before the rest is read.
 */
export async function checkHead(head: Buffer, limits: FileLimits): Promise<void> {
  const detected = await fileTypeFromBuffer(head).catch(() => undefined);
  const refusal = refusalOf(detected, head, limits.refusedTypes);
  if (refusal) throw fileErrors.typeRefused(detected?.mime ?? OPAQUE_TYPE, refusal);
}

/**
 * The whole policy on the complete upload (a local file), in order: type by magic bytes
 * (refusing executables), archives by their directories (refusing bombs), images by their
 * headers (refusing pixel floods) and then the thumbnail.
 */
export async function inspectUpload(
  file: { path: string; size: number; head: Buffer },
  name: string,
  limits: FileLimits,
): Promise<Inspection> {
  const detected = await detectType(file.path);
  const refusal = refusalOf(detected, file.head, limits.refusedTypes);
  if (refusal) throw fileErrors.typeRefused(detected?.mime ?? OPAQUE_TYPE, refusal);

  // Any zip container — docx, jar and epub are zips too, and a bomb can be named .docx.
  const budget = new ArchiveBudget(limits, file.size);
  if (isZip(file.head)) await inspectZip(file.path, budget, limits.maxBytes);
  else if (isGzip(file.head)) await inspectGzip(file.path, budget);

  const mime = storedTypeOf(detected, file.head);
  let image: Inspection['image'] = null;
  let thumbnail: Buffer | null = null;
  if (mime.startsWith('image/')) {
    const header =
      (await headerImageSize(file.path)) ?? (await libvipsImageSize(file.path, limits.maxPixels));
    if (header) {
      checkPixels(header, limits.maxPixels);
      image = displayedSize(header);
    }
    if (isThumbnailable(mime)) thumbnail = await makeThumbnail(file.path, limits.maxPixels);
  }
  return {
    detected,
    mime,
    extensionMismatch: extensionMismatch(name, detected, RECOGNISED_EXTENSIONS),
    image,
    thumbnail,
  };
}
