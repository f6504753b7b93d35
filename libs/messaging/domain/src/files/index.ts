export {
  ArchiveBudget,
  RATIO_FREE_BYTES,
  overlappingEntries,
  type StoredRange,
} from './archive-budget';
export {
  EXECUTABLE_TYPES,
  OPAQUE_TYPE,
  TEXT_TYPE,
  executableSignature,
  extensionMismatch,
  extensionOf,
  isInline,
  isThumbnailable,
  refusalOf,
  storedTypeOf,
  type DetectedType,
} from './content-type';
export { fileErrors } from './file-errors';
export { DEFAULT_FILE_LIMITS, THUMBNAIL_MAX_EDGE, type FileLimits } from './file-limits';
export { contentDisposition, displayNameOf, downloadNameOf } from './file-names';
export { checkPixels, displayedSize, type ImageSize } from './image-rules';
