import type { FileLimits } from '@tidings/messaging/domain';
import type { S3StorageOptions } from '@tidings/messaging/data-access';

/** How the files part of messaging is set up (from FILES_* and S3_*, files-config.ts). */
export interface FilesOptions {
  limits: FileLimits;
  storage: { kind: 'local'; dir: string } | ({ kind: 's3' } & S3StorageOptions);
  /** Where uploads are written while they are checked, before they reach the storage. */
  spoolDir: string;
}

export const FILES_OPTIONS = Symbol('FILES_OPTIONS');
export const FILE_STORAGE = Symbol('FILE_STORAGE');
