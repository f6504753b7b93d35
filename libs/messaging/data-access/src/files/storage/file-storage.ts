import type { Readable } from 'node:stream';

/** What `put` stored: the key to find it again, and the size and hash of what it read. */
export interface StoredObject {
  key: string;
  size: number;
  /** Hex SHA-256 of the bytes stored, computed while they streamed through. */
  sha256: string;
}

export interface PutOptions {
  /** Kept with the object where the store supports it (S3's Content-Type). */
  contentType?: string;
}

/**
 * Where file contents live, behind one interface so the embedded default (local disk) and an
 * S3-compatible object store are interchangeable. Keys are chosen by the storage, never by
 * the caller, so a file name can never become a path.
 *
 * `put` either stores everything it read or nothing: a failed or aborted upload leaves no
 * object behind.
 */
export interface FileStorage {
  readonly kind: 'local' | 's3';
  put(content: Readable, options?: PutOptions): Promise<StoredObject>;
  /** The object's bytes; StoredObjectMissingError when there is no such key. */
  get(key: string): Promise<Readable>;
  /** Removes the object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
}

export class StoredObjectMissingError extends Error {
  constructor(readonly key: string) {
    super(`no stored object ${key}`);
    this.name = 'StoredObjectMissingError';
  }
}
