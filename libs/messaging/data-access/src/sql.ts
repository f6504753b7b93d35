// The SQL helpers live in platform/persistence; messaging's repositories import them from here.
export {
  chunk,
  int,
  intOrNull,
  isUniqueViolation,
  Sql,
  type Db,
} from '@tidings/platform/persistence';
