// The SQL helpers live in platform/persistence; the fan-out's store imports them from here.
export { chunk, int, Sql, type Db } from '@tidings/platform/persistence';
