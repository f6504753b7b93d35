export {
  DirectorySync,
  type SyncOutcome,
  type SyncRequest,
  type UserSource,
} from './sync/directory-sync';
