import { Module, type DynamicModule } from '@nestjs/common';
import { DirectoryController } from './api/directory.controller';
import { DIRECTORY_OPTIONS, type DirectoryOptions } from './directory-options';
import { DirectoryService } from './directory.service';

/** People, the department tree and LDAP sync, mounted by a host. */
@Module({})
export class DirectoryModule {
  static forRoot(options: DirectoryOptions): DynamicModule {
    return {
      module: DirectoryModule,
      controllers: [DirectoryController],
      providers: [{ provide: DIRECTORY_OPTIONS, useValue: options }, DirectoryService],
      exports: [DirectoryService],
    };
  }
}
