import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ManifestFile } from './manifest';

/**
 * A file of the export written through a stream, hashed and counted on the way — the manifest
 * entry is ready when the file is closed, without reading it back. Writes wait for the disk
 * (drain), so a page at a time is all that is ever held.
 */
export class HashedFile {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private failure: Error | null = null;

  private constructor(
    private readonly path: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (error) => {
      this.failure = error;
    });
  }

  static async create(dir: string, path: string): Promise<HashedFile> {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    return new HashedFile(path, createWriteStream(target, { flags: 'wx' }));
  }

  async write(chunk: string | Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (chunk.length === 0) return;
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.hash.update(buffer);
    this.bytes += buffer.length;
    if (!this.stream.write(buffer)) await this.drained();
  }

  async close(): Promise<ManifestFile> {
    await new Promise<void>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    return { path: this.path, sha256: this.hash.digest('hex'), bytes: this.bytes };
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (error?: Error) => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        if (error) reject(error);
        else resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
    });
  }
}

/** A small file whole (one .eml), with its manifest entry. */
export async function writeHashedFile(
  dir: string,
  path: string,
  content: string | Buffer,
): Promise<ManifestFile> {
  const target = join(dir, path);
  await mkdir(dirname(target), { recursive: true });
  const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  await writeFile(target, buffer, { flag: 'wx' });
  return {
    path,
    sha256: createHash('sha256').update(buffer).digest('hex'),
    bytes: buffer.length,
  };
}

/** Copies a stream (an attachment's bytes) into the export, hashing what was written. */
export async function copyHashed(
  dir: string,
  path: string,
  source: Readable,
): Promise<ManifestFile> {
  const target = join(dir, path);
  await mkdir(dirname(target), { recursive: true });
  const hash = createHash('sha256');
  let bytes = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  await pipeline(source, counted, createWriteStream(target, { flags: 'wx' }));
  return { path, sha256: hash.digest('hex'), bytes };
}

/** SHA-256 and size of a file on disk, streamed. */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
