export { retentionExtension, type RetentionExtensionOptions } from './retention.extension';
export {
  CONTENT_PURGE,
  RETENTION_OPTIONS,
  RetentionClock,
  type ContentPurgePort,
  type RetentionOptions,
} from './ports';
export { RETENTION_JOB_ACTOR, RetentionJob } from './retention-job';
export { RetentionSettings } from './retention-settings';
