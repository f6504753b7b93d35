import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ContentMeter } from './content-meter';
import {
  StoredObjectMissingError,
  type FileStorage,
  type PutOptions,
  type StoredObject,
} from './file-storage';

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Files on the local disk under one directory (FILES_DIR), the embedded default. An object is
 * written to `.incoming/<key>.part`, flushed to disk, then renamed into `ab/cd/<key>`: a rename
 * within one file system is atomic, so a reader sees the whole file or none, and a failed
 * upload leaves nothing but a partial file that is removed at once. Two levels of 256
 * directories keep any one directory small.
 */
export class LocalDiskStorage implements FileStorage {
  readonly kind = 'local' as const;
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Where uploads in progress are written; the same file system as the objects. */
  get incomingDir(): string {
    return join(this.root, '.incoming');
  }

  async put(content: Readable, _options?: PutOptions): Promise<StoredObject> {
    const key = randomUUID();
    await mkdir(this.incomingDir, { recursive: true });
    const partial = join(this.incomingDir, `${key}.part`);
    const meter = new ContentMeter();
    try {
      // `flush`: on disk (fsync) before the database row that points at it can commit.
      await pipeline(
        content,
        meter,
        createWriteStream(partial, { flags: 'wx', mode: 0o640, flush: true }),
      );
      const target = this.pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { key, size: meter.size, sha256: meter.digest() };
  }

  async get(key: string): Promise<Readable> {
    try {
      const handle = await open(this.pathOf(key), 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new StoredObjectMissingError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /** The object's path; only keys this storage made are accepted, so no key names a path. */
  pathOf(key: string): string {
    if (!KEY.test(key)) throw new StoredObjectMissingError(key);
    return join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }
}
