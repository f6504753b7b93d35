import { Module, type DynamicModule } from '@nestjs/common';
import { DirectoryController } from './api/directory.controller';
import { GroupsController } from './api/groups.controller';
import { LdapSettingsController } from './api/ldap-settings.controller';
import { PeopleController } from './api/people.controller';
import { DIRECTORY_OPTIONS, type DirectoryOptions } from './directory-options';
import { DirectoryService } from './directory.service';
import { LdapPasswordCheck, ldapPasswordCheckProvider } from './login/ldap-password-check';
import { DepartmentMembers } from './people/department-members';
import { LocalUserActions } from './people/local-user.actions';
import { LdapSettingsService } from './settings/ldap-settings.service';

/** People, the department tree and LDAP sync, mounted by a host. */
@Module({})
export class DirectoryModule {
  static forRoot(options: DirectoryOptions): DynamicModule {
    return {
      module: DirectoryModule,
      controllers: [
        DirectoryController,
        GroupsController,
        LdapSettingsController,
        PeopleController,
      ],
      providers: [
        { provide: DIRECTORY_OPTIONS, useValue: options },
        DirectoryService,
        ldapPasswordCheckProvider,
        LdapSettingsService,
        LocalUserActions,
        DepartmentMembers,
      ],
      // LdapPasswordCheck: the host hands it to the built-in issuer for LDAP sign-in.
      // LdapSettingsService: what the sync and the sign-in ask for the settings in force.
      exports: [DirectoryService, LdapPasswordCheck, LdapSettingsService],
    };
  }
}
