/** Bytes per chunk: a page of CSV rows fits in one or two. */
const CHUNK_BYTES = 1 << 20;

/**
 * Many small strings (CSV rows, JSONL lines) as a few UTF-8 buffers, each string encoded
 * straight into a preallocated chunk. Joining them into one big string first cost an export
 * about a fifth of its time: the joined string is a rope that must be flattened, then encoded
 * in a second pass, and it outlives the young generation, so the GC pays for it again.
 */
export function utf8Chunks(parts: readonly string[]): Buffer[] {
  const chunks: Buffer[] = [];
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  for (const part of parts) {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const most = part.length * 3;
    if (used + most > chunk.length) {
      if (used > 0) chunks.push(chunk.subarray(0, used));
      chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, most));
      used = 0;
    }
    used += chunk.write(part, used, 'utf8');
  }
  if (used > 0) chunks.push(chunk.subarray(0, used));
  return chunks;
}
