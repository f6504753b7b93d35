export {
  ContentPurgeActions,
  PURGE_BATCH,
  RETENTION_ACTOR,
  type PurgeRequest,
} from './content-purge.actions';
