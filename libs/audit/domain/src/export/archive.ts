import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import { pack as tarPack, type Pack } from 'tar-stream';
import { compare } from './manifest';

/** The one directory every archive unpacks into, whatever the job: the bytes stay the same. */
export const ARCHIVE_ROOT = 'audit-export';

/**
 * The export directory as a .tar.gz, byte-identical for identical files: entries sorted by
 * path, each with mtime 0, mode 0644, owner 0:0 and no user or group names; gzip from Node's
 * zlib writes no timestamp or file name in its header. Streams file by file — an archive of a
 * 1,000,000-record export never sits in memory.
 */
export async function writeArchive(
  dir: string,
  paths: readonly string[],
  target: string,
): Promise<{ bytes: number; sha256: string }> {
  const sorted = [...paths].sort(compare);
  const pack = tarPack();
  const hash = createHash('sha256');
  let bytes = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  const written = pipeline(
    pack,
    createGzip({ level: constants.Z_DEFAULT_COMPRESSION }),
    counted,
    createWriteStream(target, { flags: 'wx' }),
  );
  const packed = (async () => {
    for (const path of sorted) await addFile(pack, join(dir, path), `${ARCHIVE_ROOT}/${path}`);
    pack.finalize();
  })();
  // Whichever fails first rejects; an error in packing must also stop the pipeline.
  await Promise.all([
    written,
    packed.catch((error: unknown) => {
      pack.destroy(error as Error);
      throw error;
    }),
  ]);
  return { bytes, sha256: hash.digest('hex') };
}

async function addFile(pack: Pack, source: string, name: string): Promise<void> {
  const { size } = await stat(source);
  await new Promise<void>((resolve, reject) => {
    const entry = pack.entry(
      {
        name,
        size,
        type: 'file',
        mode: 0o644,
        mtime: new Date(0),
        uid: 0,
        gid: 0,
        uname: '',
        gname: '',
      },
      (error) => (error ? reject(error) : resolve()),
    );
    pipeline(createReadStream(source), entry).catch(reject);
  });
}
