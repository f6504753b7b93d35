/**
 * SQLite stores values by what they are, not by the column's declared type: a boolean is
 * 0 or 1, an instant is text (TypeORM's `datetime`: UTC without a zone), JSON is text. The
 * PostgreSQL column says what it wants; this turns one SQLite value into that. Integers arrive
 * as bigint (the source is read with safe integers) so 64-bit sequence numbers and
 * millisecond instants cross exactly.
 */
export type SqliteValue = null | bigint | number | string | Buffer;

/** A value the pg driver sends as is: strings for numbers it must not round. */
export type PostgresValue = null | boolean | string | number | Buffer;

/** `data_type` of information_schema.columns, e.g. `bigint`, `timestamp with time zone`. */
export function convertValue(value: SqliteValue, pgType: string): PostgresValue {
  if (value === null) return null;
  switch (pgType) {
    case 'boolean':
      return toBoolean(value);
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'numeric':
      // A string: pg parses it server-side, so no digit of a 64-bit value is lost.
      return typeof value === 'string' ? value.trim() : textOf(value);
    case 'real':
    case 'double precision':
      return typeof value === 'bigint' ? Number(value) : value;
    case 'timestamp with time zone':
    case 'timestamp without time zone':
      return toTimestamp(value);
    case 'json':
    case 'jsonb':
      return typeof value === 'string' || Buffer.isBuffer(value)
        ? textOf(value)
        : JSON.stringify(typeof value === 'bigint' ? Number(value) : value);
    case 'bytea':
      return Buffer.isBuffer(value) ? value : Buffer.from(textOf(value), 'utf8');
    default:
      return textOf(value);
  }
}

function textOf(value: bigint | number | string | Buffer): string {
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

function toBoolean(value: bigint | number | string | Buffer): boolean {
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'number') return value !== 0;
  const text = textOf(value).trim().toLowerCase();
  if (['1', 'true', 't', 'yes'].includes(text)) return true;
  if (['0', 'false', 'f', 'no', ''].includes(text)) return false;
  throw new Error(`cannot read ${JSON.stringify(text)} as a boolean`);
}

/**
 * TypeORM writes SQLite `datetime` as `2025-01-31 08:00:00.000`, meaning UTC. PostgreSQL would
 * read a zoneless text in the session's time zone, so the zone is said explicitly. Text that
 * already names a zone passes unchanged; a number is epoch milliseconds.
 */
function toTimestamp(value: bigint | number | string | Buffer): string {
  if (typeof value === 'bigint' || typeof value === 'number')
    return new Date(Number(value)).toISOString();
  const text = textOf(value).trim();
  if (/(Z|[+-]\d\d(:?\d\d)?)$/i.test(text) && /\d[T ]\d/.test(text)) return text;
  if (/^\d{4}-\d\d-\d\d$/.test(text)) return `${text}T00:00:00Z`;
  return `${text.replace(' ', 'T')}Z`;
}
