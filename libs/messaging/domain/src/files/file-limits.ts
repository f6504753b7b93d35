/** The limits every upload is held to (FILES_* in the host's configuration). */
export interface FileLimits {
  /** Largest file, bytes; a larger upload is cut off as soon as it passes this. */
  maxBytes: number;
  /** Largest image, in pixels (width × height), before anything decodes it. */
  maxPixels: number;
  /** Archives: most bytes all entries (at every nesting level) may unpack to. */
  maxUnpackedBytes: number;
  /** Archives: most unpacked bytes per stored byte of the upload. */
  maxArchiveRatio: number;
  /** Archives: most entries, counted over every nesting level. */
  maxArchiveEntries: number;
  /** Archives: how deep archives may nest; the uploaded archive itself is level 1. */
  maxArchiveDepth: number;
  /** Detected MIME types refused on top of the executables (FILES_REFUSED_TYPES). */
  refusedTypes: readonly string[];
}

export const DEFAULT_FILE_LIMITS: FileLimits = {
  maxBytes: 25 * 1024 * 1024,
  maxPixels: 50_000_000,
  maxUnpackedBytes: 1024 * 1024 * 1024,
  maxArchiveRatio: 100,
  maxArchiveEntries: 10_000,
  maxArchiveDepth: 3,
  refusedTypes: [],
};

/** Longest edge of a thumbnail, pixels. */
export const THUMBNAIL_MAX_EDGE = 320;
