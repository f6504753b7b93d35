import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { EgressError } from './policy';

/** How much of an answer is read, and what happens beyond. */
export interface BodyLimits {
  /** Bytes read at most (after decompression); beyond, `overflow` decides. */
  maxBytes: number;
  /** Keep what came (truncate) or fail. */
  overflow: 'truncate' | 'fail';
  /**
   * Stop reading once this is true of the newest bytes (the last chunk, with the 32 bytes
   * before it so a marker split across chunks is seen), e.g. `</head>` arrived.
   */
  stopAfter?: (newestBytes: Buffer) => boolean;
}

function decoderFor(encoding: string | undefined): Transform | null {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return null;
  }
}

/** The body, decompressed; an error on either side (a reset, the timeout) ends both. */
function decoded(response: IncomingMessage): Readable {
  const decoder = decoderFor(response.headers['content-encoding']);
  if (!decoder) return response;
  return pipeline(response, decoder, () => undefined); // errors surface on the returned stream
}

/** Reads (at most `limits.maxBytes` of) an answer's body, then lets the connection go. */
export async function readBody(
  response: IncomingMessage,
  limits: BodyLimits,
): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tail = Buffer.alloc(0);
  const stream = decoded(response);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size > limits.maxBytes) {
        if (limits.overflow === 'fail')
          throw new EgressError(
            'unavailable',
            `The content is larger than ${limits.maxBytes} bytes.`,
          );
        return { body: Buffer.concat(chunks).subarray(0, limits.maxBytes), truncated: true };
      }
      if (limits.stopAfter?.(Buffer.concat([tail, chunk])))
        return { body: Buffer.concat(chunks), truncated: true };
      tail = Buffer.from(chunk.subarray(-32));
    }
    return { body: Buffer.concat(chunks), truncated: false };
  } finally {
    // Stop the download: what is left is not wanted (or the limit was hit).
    response.destroy();
    if (stream !== response) stream.destroy();
  }
}
