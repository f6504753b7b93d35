export {
  DirectorySync,
  type SyncOutcome,
  type SyncRequest,
  type UserSource,
} from './sync/directory-sync';
export { DirectoryModule } from './directory.module';
export { DirectoryService } from './directory.service';
export {
  DIRECTORY_OPTIONS,
  type DirectoryLdapOptions,
  type DirectoryOptions,
} from './directory-options';
