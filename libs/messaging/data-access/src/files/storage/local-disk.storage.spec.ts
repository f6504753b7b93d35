import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { StoredObjectMissingError } from './file-storage';
import { LocalDiskStorage } from './local-disk.storage';

const root = mkdtempSync(join(tmpdir(), 'tidings-storage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('local disk storage', () => {
  const storage = new LocalDiskStorage(root);

  it('stores a stream, counting and hashing it, and gives it back', async () => {
    const content = '季度报告\n'.repeat(10_000);
    const stored = await storage.put(Readable.from([Buffer.from(content)]));
    expect(stored.size).toBe(Buffer.byteLength(content));
    expect(stored.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(storage.pathOf(stored.key)).toBe(
      join(root, stored.key.slice(0, 2), stored.key.slice(2, 4), stored.key),
    );
    expect(await text(await storage.get(stored.key))).toBe(content);
    await storage.delete(stored.key);
    await expect(storage.get(stored.key)).rejects.toBeInstanceOf(StoredObjectMissingError);
    await storage.delete(stored.key); // deleting twice is fine
  });

  it('leaves nothing when the stream fails part-way', async () => {
    const failing = Readable.from(
      (async function* () {
        yield Buffer.alloc(100_000, 1);
        throw new Error('client went away');
      })(),
    );
    await expect(storage.put(failing)).rejects.toThrow('client went away');
    expect(readdirSync(storage.incomingDir)).toEqual([]);
  });

  it('accepts only keys it made, so no key can name a path', async () => {
    for (const key of ['../../etc/passwd', '/etc/passwd', 'a/b', ''])
      await expect(storage.get(key)).rejects.toBeInstanceOf(StoredObjectMissingError);
    expect(existsSync(join(root, 'etc'))).toBe(false);
  });
});
