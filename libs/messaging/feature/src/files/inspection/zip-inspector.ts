import type { Readable } from 'node:stream';
import { ArchiveBudget, fileErrors, overlappingEntries } from '@tidings/messaging/domain';
import { DomainError } from '@tidings/platform/errors';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/** Local file header and empty-archive signatures: what every zip starts with. */
export function isZip(head: Uint8Array): boolean {
  return (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06))
  );
}

const OPEN_OPTIONS = {
  lazyEntries: true,
  autoClose: false,
  // yauzl fails a stream whose data inflates to more than its entry declares — so nested
  // archives we read cannot lie about their size.
  validateEntrySizes: true,
  decodeStrings: true,
  strictFileNames: false,
};

/** The smallest zip there is (an empty one: just the end-of-directory record). */
const MIN_ZIP_BYTES = 22;

export function archiveUnreadable(cause: unknown): DomainError {
  return new DomainError(
    'messaging.file.archive_unreadable',
    'unprocessable',
    'The archive cannot be read, so it cannot be checked.',
    { cause },
  );
}

/**
 * Reads a zip's central directory — and, recursively, that of every zip inside it — counting
 * entries and declared sizes into `budget`, which refuses as soon as a limit is passed. Only
 * the directories are read, plus the first bytes of each entry (to find archives whatever their
 * names) and the nested archives themselves (at most `maxNestedBytes` each): a bomb is found
 * without inflating it.
 */
export async function inspectZip(
  path: string,
  budget: ArchiveBudget,
  maxNestedBytes: number,
): Promise<void> {
  const zip = await yauzl.openPromise(path, OPEN_OPTIONS).catch((e: unknown) => {
    throw archiveUnreadable(e);
  });
  try {
    await walk(zip, budget, 1, maxNestedBytes);
  } finally {
    zip.close();
  }
}

async function walk(zip: ZipFile, budget: ArchiveBudget, depth: number, maxNested: number) {
  budget.enter(depth);
  budget.expectEntries(zip.entryCount);
  const ranges: Array<{ offset: number; length: number }> = [];
  const candidates: Entry[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      budget.addEntry(entry.uncompressedSize);
      ranges.push({ offset: entry.relativeOffsetOfLocalHeader, length: entry.compressedSize });
      if (mayHoldArchive(entry)) candidates.push(entry);
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw archiveUnreadable(error);
  }
  if (overlappingEntries(ranges))
    throw fileErrors.archiveBomb('its entries share their data', { overlapping: true });
  for (const entry of candidates) {
    if (!isZip(await readStart(zip, entry))) continue;
    if (entry.uncompressedSize > maxNested)
      throw fileErrors.archiveBomb('a nested archive is too large to check', {
        entry: entry.fileName,
      });
    const inner = await yauzl
      .fromBufferPromise(await readAll(zip, entry), OPEN_OPTIONS)
      .catch((e: unknown) => {
        throw archiveUnreadable(e);
      });
    try {
      await walk(inner, budget, depth + 1, maxNested);
    } finally {
      inner.close();
    }
  }
}

function mayHoldArchive(entry: Entry): boolean {
  return (
    !entry.fileName.endsWith('/') &&
    !entry.isEncrypted() &&
    entry.canDecodeFileData() &&
    entry.uncompressedSize >= MIN_ZIP_BYTES
  );
}

/** The first few bytes of an entry, inflating no more than its first block. */
async function readStart(zip: ZipFile, entry: Entry): Promise<Buffer> {
  const stream = await open(zip, entry);
  try {
    for await (const chunk of stream) return chunk as Buffer;
    return Buffer.alloc(0);
  } catch (error) {
    throw archiveUnreadable(error);
  } finally {
    stream.destroy();
  }
}

async function readAll(zip: ZipFile, entry: Entry): Promise<Buffer> {
  const stream = await open(zip, entry);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk as Buffer);
  } catch (error) {
    throw archiveUnreadable(error);
  }
  return Buffer.concat(chunks);
}

async function open(zip: ZipFile, entry: Entry): Promise<Readable> {
  return zip.openReadStreamPromise(entry).catch((e: unknown) => {
    throw archiveUnreadable(e);
  });
}
