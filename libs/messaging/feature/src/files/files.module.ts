import {
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { LocalDiskStorage, S3Storage, type FileStorage } from '@tidings/messaging/data-access';
import { CONVERSATION_ACCESS, type ConversationAccess } from './conversation-access';
import { FileActions } from './file.actions';
import { FilesController } from './files.controller';
import { FILE_STORAGE, FILES_OPTIONS, type FilesOptions } from './files-options';
import { sweepSpool } from './spool';

/** A spool file this old is no upload in progress but a crash's leftover. */
const STALE_SPOOL_MS = 24 * 60 * 60 * 1000;

/** How the host binds the ConversationAccess port: a value, or a factory over its modules. */
export type ConversationAccessBinding =
  | { useValue: ConversationAccess }
  | {
      imports?: ModuleMetadata['imports'];
      inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
      useFactory: (...args: never[]) => ConversationAccess | Promise<ConversationAccess>;
    };

export interface FilesModuleOptions {
  files: FilesOptions;
  access: ConversationAccessBinding;
}

export function storageOf(options: FilesOptions): FileStorage {
  const { storage } = options;
  if (storage.kind === 'local') return new LocalDiskStorage(storage.dir);
  const { kind: _kind, ...s3 } = storage;
  return new S3Storage(s3);
}

/**
 * Files in conversations: `POST /api/v1/files`, `GET /api/v1/files/{id}` and its thumbnail.
 * The host mounts it and registers multipart parsing (registerFileUploads) on its Fastify.
 */
@Module({})
export class FilesModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(FILES_OPTIONS) private readonly options: FilesOptions,
  ) {}

  static forRoot({ files, access }: FilesModuleOptions): DynamicModule {
    const { imports = [], ...binding } = 'useValue' in access ? { ...access, imports: [] } : access;
    return {
      module: FilesModule,
      imports,
      controllers: [FilesController],
      providers: [
        { provide: FILES_OPTIONS, useValue: files },
        { provide: FILE_STORAGE, useFactory: () => storageOf(files) },
        { provide: CONVERSATION_ACCESS, ...binding },
        FileActions,
      ],
      exports: [FileActions],
    };
  }

  async onModuleInit(): Promise<void> {
    const removed = await sweepSpool(this.options.spoolDir, STALE_SPOOL_MS);
    if (removed > 0)
      new Logger('Files').warn(`removed ${removed} upload(s) left unfinished by an earlier stop`);
  }

  onApplicationShutdown(): void {
    if (this.storage instanceof S3Storage) this.storage.destroy();
  }
}
