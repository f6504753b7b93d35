export {
  messagingSearch,
  SqlSearchRepository,
  TRIGRAM_MIN_CHARS,
  type SearchCriteria,
  type SearchCursor,
  type SearchHitRecord,
  type SearchRepository,
} from './search.repository';
export { createSqliteSearchTriggers, MessagingCreateSearch1764600001000 } from './search.migration';

import { MessagingCreateSearch1764600001000 } from './search.migration';

/** The search part of messaging's tables and indexes: spread into messaging's persistence list. */
export const messagingSearchPersistence = {
  migrations: [MessagingCreateSearch1764600001000],
};
