import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileErrors } from '@tidings/messaging/domain';

/** Enough for every signature file-type and the executable check look at. */
export const HEAD_BYTES = 4100;

export interface SpoolOptions {
  dir: string;
  maxBytes: number;
  /** Called once with the first HEAD_BYTES (or all, if fewer); rejecting refuses the upload. */
  checkHead: (head: Buffer) => Promise<void>;
}

/** An upload written to a local file, whole, waiting to be checked and stored. */
export interface Spooled {
  path: string;
  size: number;
  head: Buffer;
  discard(): Promise<void>;
}

/**
 * Counts bytes and checks the head as they pass. It fails the stream the moment the count
 * passes the limit or the head is refused, so the rest of the request is never read — the
 * caller answers 413/415 while the client is still sending.
 */
class UploadGate extends Transform {
  size = 0;
  head = Buffer.alloc(0);
  private headChecked = false;

  constructor(private readonly options: SpoolOptions) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.options.maxBytes) return done(fileErrors.tooLarge(this.options.maxBytes));
    if (this.headChecked) return done(null, chunk);
    this.head = Buffer.concat([this.head, chunk]).subarray(0, HEAD_BYTES);
    if (this.head.length < HEAD_BYTES) return done(null, chunk);
    // Nothing more is read until the head is judged: a refused file stops here.
    this.check().then(() => done(null, chunk), done);
  }

  override _flush(done: TransformCallback): void {
    if (this.headChecked) return done();
    this.check().then(() => done(), done);
  }

  private check(): Promise<void> {
    this.headChecked = true;
    return this.options.checkHead(this.head);
  }
}

/**
 * Streams `source` into a new file under `dir`. On any failure the partial file is removed
 * and the source destroyed (for an upload: busboy stops and the request is no longer read).
 */
export async function spool(source: Readable, options: SpoolOptions): Promise<Spooled> {
  await mkdir(options.dir, { recursive: true });
  const path = join(options.dir, `upload-${randomUUID()}`);
  const gate = new UploadGate(options);
  try {
    await pipeline(source, gate, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return {
    path,
    size: gate.size,
    head: gate.head,
    discard: () => rm(path, { force: true }),
  };
}

/**
 * Removes what a crash left in the spool directory: uploads in progress and the storage's
 * partial files. Only files older than `olderThanMs`, as another instance sharing FILES_DIR
 * may be writing there right now.
 */
export async function sweepSpool(dir: string, olderThanMs: number): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const cutoff = Date.now() - olderThanMs;
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile() && info.mtimeMs < cutoff) {
      await rm(path, { force: true });
      removed += 1;
    }
  }
  return removed;
}
