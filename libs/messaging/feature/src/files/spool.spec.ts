import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { HEAD_BYTES, spool, sweepSpool } from './spool';

const dir = mkdtempSync(join(tmpdir(), 'tidings-spool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHUNK = 64 * 1024;

/** A lazy source of `total` bytes: counts how much was pulled from it. */
function source(total: number, fill = 0x41) {
  const pulled = { bytes: 0 };
  const stream = Readable.from(
    (function* () {
      for (let sent = 0; sent < total; sent += CHUNK) {
        const n = Math.min(CHUNK, total - sent);
        pulled.bytes += n;
        yield Buffer.alloc(n, fill);
      }
    })(),
  );
  return { stream, pulled };
}

describe('spooling an upload', () => {
  it('writes the whole stream and keeps its head', async () => {
    const { stream } = source(300_000);
    const spooled = await spool(stream, {
      dir,
      maxBytes: 1_000_000,
      checkHead: () => Promise.resolve(),
    });
    expect(spooled.size).toBe(300_000);
    expect(spooled.head).toHaveLength(HEAD_BYTES);
    expect(readFileSync(spooled.path).equals(Buffer.alloc(300_000, 0x41))).toBe(true);
    await spooled.discard();
  });

  it('stops reading at the byte past the limit and leaves no file', async () => {
    const { stream, pulled } = source(100 * 1024 * 1024);
    await expect(
      spool(stream, { dir, maxBytes: 1024 * 1024, checkHead: () => Promise.resolve() }),
    ).rejects.toMatchObject({ code: 'messaging.file.too_large', kind: 'too_large' });
    // The limit plus what the stream machinery had buffered — not the 100 MiB offered.
    expect(pulled.bytes).toBeLessThan(2 * 1024 * 1024);
    expect(stream.destroyed).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stops after the head when the head is refused', async () => {
    const { stream, pulled } = source(50 * 1024 * 1024, 0x7f);
    const seen: number[] = [];
    await expect(
      spool(stream, {
        dir,
        maxBytes: 100 * 1024 * 1024,
        checkHead: async (head) => {
          seen.push(head.length);
          throw new Error('refused');
        },
      }),
    ).rejects.toThrow('refused');
    expect(seen).toEqual([HEAD_BYTES]);
    expect(pulled.bytes).toBeLessThan(1024 * 1024);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('checks the head of a file shorter than it at the end', async () => {
    const seen: number[] = [];
    const spooled = await spool(Readable.from([Buffer.from('tiny')]), {
      dir,
      maxBytes: 10,
      checkHead: async (head) => {
        seen.push(head.length);
      },
    });
    expect(seen).toEqual([4]);
    await spooled.discard();
  });

  it('sweeps what a crash left, but not uploads in progress', async () => {
    const sweep = mkdtempSync(join(tmpdir(), 'tidings-sweep-'));
    writeFileSync(join(sweep, 'upload-old'), 'x');
    writeFileSync(join(sweep, 'fresh.part'), 'x');
    const dayAgo = new Date(Date.now() - 25 * 3600_000);
    utimesSync(join(sweep, 'upload-old'), dayAgo, dayAgo);
    expect(await sweepSpool(sweep, 24 * 3600_000)).toBe(1);
    expect(readdirSync(sweep)).toEqual(['fresh.part']);
    expect(await sweepSpool(join(sweep, 'missing'), 0)).toBe(0);
    rmSync(sweep, { recursive: true, force: true });
  });
});
