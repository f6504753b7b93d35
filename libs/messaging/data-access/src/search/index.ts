export {
  messagingSearch,
  SqlSearchRepository,
  TRIGRAM_MIN_CHARS,
  type SearchCriteria,
  type SearchCursor,
  type SearchHitRecord,
  type SearchRepository,
} from './search.repository';
export { MessagingCreateSearch1764600001000 } from './search.migration';
export {
  createSqliteSearchTriggers,
  MessagingSearchPending1764600002500,
} from './search-pending.migration';
export { SearchIndexer } from './search-indexer';

import { MessagingCreateSearch1764600001000 } from './search.migration';

/** The search part of messaging's tables and indexes: spread into messaging's persistence list. */
export const messagingSearchPersistence = {
  migrations: [MessagingCreateSearch1764600001000],
};
