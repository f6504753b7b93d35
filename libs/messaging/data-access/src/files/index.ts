export type { FileRecord, FileRepository } from './file-record';
export { FileEntity, TypeOrmFileRepository } from './typeorm-file.repository';
export { MessagingCreateFiles1764600000900 } from './files.migration';
export { ContentMeter } from './storage/content-meter';
export {
  StoredObjectMissingError,
  type FileStorage,
  type PutOptions,
  type StoredObject,
} from './storage/file-storage';
export { LocalDiskStorage } from './storage/local-disk.storage';
export { S3Storage, type S3StorageOptions } from './storage/s3.storage';

import { MessagingCreateFiles1764600000900 } from './files.migration';
import { FileEntity } from './typeorm-file.repository';

/**
 * The files part of messaging's tables (`messaging_files`). Spread into messaging's
 * persistence list; the rows' events go through messaging's outbox.
 */
export const messagingFilesPersistence = {
  entities: [FileEntity],
  migrations: [MessagingCreateFiles1764600000900],
};
