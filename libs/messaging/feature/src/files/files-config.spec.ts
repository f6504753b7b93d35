import { join, resolve } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { filesConfigShape, filesOptionsOf } from './files-config';

const parse = (env: Record<string, string>) => z.object(filesConfigShape).parse(env);

describe('files configuration', () => {
  it('keeps files beside the SQLite database by default, with the documented limits', () => {
    const options = filesOptionsOf(parse({}), 'sqlite:/srv/tidings/tidings.db');
    expect(options.storage).toEqual({ kind: 'local', dir: resolve('/srv/tidings/files') });
    expect(options.spoolDir).toBe(join(resolve('/srv/tidings/files'), '.incoming'));
    expect(options.limits).toMatchObject({
      maxBytes: 25 * 1024 * 1024,
      maxPixels: 50_000_000,
      maxArchiveRatio: 100,
      refusedTypes: [],
    });
    expect(filesOptionsOf(parse({}), 'postgres://db/t').storage).toEqual({
      kind: 'local',
      dir: join('data', 'files'),
    });
  });

  it('reads limits, refused types and the S3 settings', () => {
    const options = filesOptionsOf(
      parse({
        FILES_STORAGE: 's3',
        FILES_MAX_BYTES: '1048576',
        FILES_REFUSED_TYPES: 'application/x-deb, Application/X-RPM',
        S3_BUCKET: 'chat-files',
        S3_ENDPOINT: 'http://minio:9000',
        S3_FORCE_PATH_STYLE: 'true',
        S3_ACCESS_KEY_ID: 'id',
        S3_SECRET_ACCESS_KEY: 'secret',
      }),
      'postgres://db/t',
    );
    expect(options.limits.maxBytes).toBe(1048576);
    expect(options.limits.refusedTypes).toEqual(['application/x-deb', 'application/x-rpm']);
    expect(options.storage).toEqual({
      kind: 's3',
      bucket: 'chat-files',
      region: 'us-east-1',
      endpoint: 'http://minio:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => filesOptionsOf(parse({ FILES_STORAGE: 's3' }), 'sqlite:x.db')).toThrow(
      /^S3_BUCKET: required/,
    );
    expect(() =>
      filesOptionsOf(
        parse({ FILES_STORAGE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'id' }),
        'sqlite:x.db',
      ),
    ).toThrow(/^S3_SECRET_ACCESS_KEY/);
    expect(z.object(filesConfigShape).safeParse({ FILES_MAX_BYTES: '25MB' }).success).toBe(false);
    expect(z.object(filesConfigShape).safeParse({ FILES_STORAGE: 'ftp' }).success).toBe(false);
    expect(z.object(filesConfigShape).safeParse({ FILES_REFUSED_TYPES: 'exe' }).success).toBe(
      false,
    );
  });
});
