import { join } from 'node:path';
import { DEFAULT_FILE_LIMITS } from '@tidings/messaging/domain';
import { ConfigError, env } from '@tidings/platform/config';
import { parseDatabaseUrl } from '@tidings/platform/persistence';
import { z } from 'zod';
import type { FilesOptions } from './files-options';

/** An empty value (`S3_ENDPOINT=` in a .env file) means "not set". */
const blankAsUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const mimeList = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const items = (value ?? '')
      .split(',')
      .map((v) => v.trim().toLowerCase())
      .filter(Boolean);
    for (const item of items)
      if (!/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(item)) {
        ctx.addIssue({ code: 'custom', message: `expected MIME types such as application/x-deb` });
        return z.NEVER;
      }
    return items;
  });

/**
 * The files variables, spread into the host's configuration schema (one schema per app,
 * DESIGN.md §4.7). docs/configuration.md documents each.
 */
export const filesConfigShape = {
  /** `local` (FILES_DIR) or `s3` (an S3-compatible object store, S3_*). */
  FILES_STORAGE: blankAsUnset(z.enum(['local', 's3'], { error: 'expected local or s3' })),
  /** Local storage's directory, and where uploads wait while they are checked. */
  FILES_DIR: blankAsUnset(z.string()),
  FILES_MAX_BYTES: env.positiveInt(DEFAULT_FILE_LIMITS.maxBytes),
  FILES_MAX_PIXELS: env.positiveInt(DEFAULT_FILE_LIMITS.maxPixels),
  FILES_MAX_UNPACKED_BYTES: env.positiveInt(DEFAULT_FILE_LIMITS.maxUnpackedBytes),
  FILES_MAX_ARCHIVE_RATIO: env.positiveInt(DEFAULT_FILE_LIMITS.maxArchiveRatio),
  FILES_MAX_ARCHIVE_ENTRIES: env.positiveInt(DEFAULT_FILE_LIMITS.maxArchiveEntries),
  FILES_MAX_ARCHIVE_DEPTH: env.positiveInt(DEFAULT_FILE_LIMITS.maxArchiveDepth),
  /** Detected MIME types to refuse besides executables, comma-separated. */
  FILES_REFUSED_TYPES: mimeList,
  S3_BUCKET: blankAsUnset(z.string()),
  S3_REGION: blankAsUnset(z.string()),
  S3_ENDPOINT: blankAsUnset(z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' })),
  S3_ACCESS_KEY_ID: blankAsUnset(z.string()),
  S3_SECRET_ACCESS_KEY: blankAsUnset(z.string()),
  S3_FORCE_PATH_STYLE: env.bool(false),
  S3_PREFIX: blankAsUnset(z.string().regex(/^[A-Za-z0-9!_.*'()/-]*$/, 'expected a key prefix')),
};

export type FilesConfig = z.output<z.ZodObject<typeof filesConfigShape>>;

/**
 * Options from configuration. FILES_DIR defaults to `files/` beside the SQLite database
 * (so one data directory holds everything), or `./data/files` with PostgreSQL.
 */
export function filesOptionsOf(config: FilesConfig, databaseUrl: string): FilesOptions {
  const target = parseDatabaseUrl(databaseUrl);
  const dir =
    config.FILES_DIR ??
    (target.kind === 'sqlite' && target.path !== ':memory:'
      ? join(target.path, '..', 'files')
      : join('data', 'files'));
  const limits = {
    maxBytes: config.FILES_MAX_BYTES,
    maxPixels: config.FILES_MAX_PIXELS,
    maxUnpackedBytes: config.FILES_MAX_UNPACKED_BYTES,
    maxArchiveRatio: config.FILES_MAX_ARCHIVE_RATIO,
    maxArchiveEntries: config.FILES_MAX_ARCHIVE_ENTRIES,
    maxArchiveDepth: config.FILES_MAX_ARCHIVE_DEPTH,
    refusedTypes: config.FILES_REFUSED_TYPES,
  };
  const spoolDir = join(dir, '.incoming');
  if ((config.FILES_STORAGE ?? 'local') === 'local')
    return { limits, storage: { kind: 'local', dir }, spoolDir };
  if (!config.S3_BUCKET)
    throw new ConfigError('S3_BUCKET: required when FILES_STORAGE=s3', 'S3_BUCKET');
  const { S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = config;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    const missing = accessKeyId ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
    throw new ConfigError(
      `${missing}: set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together`,
      missing,
    );
  }
  return {
    limits,
    spoolDir,
    storage: {
      kind: 's3',
      bucket: config.S3_BUCKET,
      region: config.S3_REGION ?? 'us-east-1',
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      ...(config.S3_PREFIX ? { prefix: config.S3_PREFIX } : {}),
      ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
      ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
    },
  };
}
