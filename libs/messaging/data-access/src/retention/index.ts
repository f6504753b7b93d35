export { MessagingPurgedAt1764600003000 } from './purged-at.migration';
export {
  retentionPurge,
  type PurgeCandidate,
  type PurgeCriteria,
  type PurgeCursor,
  type PurgedMessage,
  type RetentionPurgeRepository,
} from './purge.repository';
