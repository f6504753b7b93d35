import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import yazl from 'yazl';

/**
 * Real files for the policy's tests, made here rather than checked in: a PNG that sharp
 * encodes, a PNG header claiming 100000×100000, zips built by yazl (an independent writer),
 * and this machine's own ELF executable.
 */

export function realPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3a7bd5' } })
    .png()
    .toBuffer();
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A well-formed PNG whose header says `width`×`height`: 8-bit greyscale, one deflated row
 * of zeros as its only data. A decoder trusting the header would allocate width × height bytes.
 */
export function pngClaiming(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // bit depth 8, greyscale, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(1 + Math.min(width, 1024)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** This machine's `ls`: a real ELF executable. */
export function elfExecutable(): Buffer {
  return readFileSync('/bin/ls');
}

export type ZipEntry = [name: string, content: Buffer];

/** A zip of the given entries, deflated (as yazl does by default). */
export function zipOf(entries: ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of entries) zip.addBuffer(content, name);
  zip.end();
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    zip.outputStream.on('data', (b: Buffer) => parts.push(b));
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    zip.outputStream.on('error', reject);
  });
}

/** `megabytes` MB of zeros in one entry: deflates about 1000:1, the classic bomb's core. */
export function zipOfZeros(megabytes: number): Promise<Buffer> {
  return zipOf([['zeros.bin', Buffer.alloc(megabytes * 1024 * 1024)]]);
}

/** Zips inside zips, `depth` levels in all, a small text file at the bottom. */
export async function nestedZip(depth: number): Promise<Buffer> {
  let inner = await zipOf([['note.txt', Buffer.from('the bottom\n')]]);
  for (let level = 1; level < depth; level++) inner = await zipOf([[`level-${level}.zip`, inner]]);
  return inner;
}

/**
 * A zip whose central directory lists `copies` entries that all point at the same stored
 * data — the trick of non-recursive zip bombs (David Fifield, 2019). Written by hand: no zip
 * library writes one on purpose.
 */
export function overlappingZip(copies: number, size: number): Buffer {
  const data = Buffer.alloc(size, 0x61);
  const crc = crc32(data);
  const name = Buffer.from('a.txt');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(size, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const body = Buffer.concat([local, name, data]);
  const central: Buffer[] = [];
  for (let i = 0; i < copies; i++) {
    const entryName = Buffer.from(`a${i}.txt`);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(size, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(entryName.length, 28);
    entry.writeUInt32LE(0, 42); // every entry's data starts at offset 0
    central.push(entry, entryName);
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(copies, 8);
  end.writeUInt16LE(copies, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(body.length, 16);
  return Buffer.concat([body, directory, end]);
}
