import { fileErrors } from './file-errors';
import type { FileLimits } from './file-limits';

type ArchiveLimits = Pick<
  FileLimits,
  'maxUnpackedBytes' | 'maxArchiveRatio' | 'maxArchiveEntries' | 'maxArchiveDepth'
>;

/**
 * What an archive may unpack to, counted over every nesting level as its directories are read.
 * One budget per upload: 16 nested archives of 16 entries each count as 16 + 256 entries, and
 * their sizes add up — which is what stops 42.zip, whose every level looks small on its own.
 *
 * Ratio is measured against the uploaded bytes: a 25 MiB upload may unpack to at most
 * `maxArchiveRatio` × 25 MiB (and never beyond `maxUnpackedBytes`). Ordinary archives of
 * documents and code compress 2–10:1; a run of zeros deflates about 1000:1.
 */
/**
 * Unpacked bytes any archive may have whatever its ratio: a 2 KB zip of one repetitive 300 KB
 * log file is 150:1 and harmless. A bomb only matters far beyond this.
 */
export const RATIO_FREE_BYTES = 10 * 1024 * 1024;

export class ArchiveBudget {
  entries = 0;
  unpackedBytes = 0;

  constructor(
    private readonly limits: ArchiveLimits,
    private readonly uploadedBytes: number,
  ) {}

  /** Called when an archive at `depth` (the upload itself is 1) is about to be read. */
  enter(depth: number): void {
    if (depth > this.limits.maxArchiveDepth)
      throw fileErrors.archiveBomb('archives are nested too deep', {
        maxDepth: this.limits.maxArchiveDepth,
      });
  }

  /** Refuses before reading a directory that declares more entries than may remain. */
  expectEntries(count: number): void {
    if (this.entries + count > this.limits.maxArchiveEntries) this.tooManyEntries();
  }

  /** Counts one entry by the size its directory declares; refuses as soon as a limit passes. */
  addEntry(uncompressedBytes: number): void {
    this.entries += 1;
    if (this.entries > this.limits.maxArchiveEntries) this.tooManyEntries();
    this.addBytes(uncompressedBytes);
  }

  /** Counts unpacked bytes (a stream being inflated, for formats without a directory). */
  addBytes(bytes: number): void {
    this.unpackedBytes += bytes;
    if (this.unpackedBytes > this.limits.maxUnpackedBytes)
      throw fileErrors.archiveBomb('it unpacks to more than the limit', {
        maxUnpackedBytes: this.limits.maxUnpackedBytes,
      });
    const allowed = Math.max(this.limits.maxArchiveRatio * this.uploadedBytes, RATIO_FREE_BYTES);
    if (this.unpackedBytes > allowed)
      throw fileErrors.archiveBomb('it unpacks to too many times its size', {
        maxRatio: this.limits.maxArchiveRatio,
      });
  }

  private tooManyEntries(): never {
    throw fileErrors.archiveBomb('it has too many entries', {
      maxEntries: this.limits.maxArchiveEntries,
    });
  }
}

/** One entry's compressed data in the archive file. */
export interface StoredRange {
  offset: number;
  length: number;
}

/**
 * Whether entries share compressed data: a directory pointing many entries at the same bytes is
 * how non-recursive zip bombs reach 10¹⁰ bytes out of 10 MB. Real archives never overlap.
 * (Each entry's range starts at its local header, which is at least 30 bytes.)
 */
export function overlappingEntries(ranges: readonly StoredRange[]): boolean {
  const sorted = [...ranges].sort((a, b) => a.offset - b.offset);
  let previous: StoredRange | undefined;
  for (const range of sorted) {
    if (previous && range.offset < previous.offset + 30 + previous.length) return true;
    previous = range;
  }
  return false;
}
