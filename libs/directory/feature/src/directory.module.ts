import { Module, type DynamicModule } from '@nestjs/common';
import { DirectoryController } from './api/directory.controller';
import { GroupsController } from './api/groups.controller';
import { DIRECTORY_OPTIONS, type DirectoryOptions } from './directory-options';
import { DirectoryService } from './directory.service';
import { LdapPasswordCheck, ldapPasswordCheckProvider } from './login/ldap-password-check';

/** People, the department tree and LDAP sync, mounted by a host. */
@Module({})
export class DirectoryModule {
  static forRoot(options: DirectoryOptions): DynamicModule {
    return {
      module: DirectoryModule,
      controllers: [DirectoryController, GroupsController],
      providers: [
        { provide: DIRECTORY_OPTIONS, useValue: options },
        DirectoryService,
        ldapPasswordCheckProvider,
      ],
      // LdapPasswordCheck: the host hands it to the built-in issuer for LDAP sign-in.
      exports: [DirectoryService, LdapPasswordCheck],
    };
  }
}
