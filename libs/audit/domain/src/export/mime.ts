/**
 * A small RFC 5322 / MIME writer for the EML export: headers folded at 78 columns, non-ASCII
 * header text as RFC 2047 encoded words, bodies as UTF-8 quoted-printable (RFC 2045), CRLF
 * everywhere. Written here rather than taken from a mail library because the export must be
 * byte-identical on every run: no generated boundaries, dates or Message-IDs — every byte
 * comes from the record.
 */

const CRLF = '\r\n';
/** RFC 5322 §2.1.1: lines SHOULD stay within 78 characters (excluding CRLF). */
const LINE = 78;
/** RFC 2045 §6.7: encoded lines at most 76 characters, the soft break's `=` included. */
const QP_LINE = 76;
/** RFC 2047 §2: an encoded word is at most 75 characters; `=?UTF-8?B?` + `?=` take 12. */
const WORD_BYTES = 45;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/** UTF-8 text as B-encoded words, split between characters so none exceeds 75 columns. */
export function encodedWords(text: string): string[] {
  const words: string[] = [];
  let chunk: Buffer[] = [];
  let size = 0;
  for (const char of text) {
    const bytes = Buffer.from(char, 'utf8');
    if (size + bytes.length > WORD_BYTES) {
      words.push(encodedWord(Buffer.concat(chunk)));
      chunk = [];
      size = 0;
    }
    chunk.push(bytes);
    size += bytes.length;
  }
  if (size > 0 || words.length === 0) words.push(encodedWord(Buffer.concat(chunk)));
  return words;
}

function encodedWord(bytes: Buffer): string {
  return `=?UTF-8?B?${bytes.toString('base64')}?=`;
}

/** Unstructured header text (Subject): as is when plain ASCII, else encoded words. */
export function headerText(value: string): string {
  const flat = value.replace(/[\r\n\t]+/g, ' ');
  // `=?` in plain text would be taken for an encoded word by readers: encode it as well.
  if (PRINTABLE_ASCII.test(flat) && !flat.includes('=?')) return flat;
  return encodedWords(flat).join(' ');
}

/** A display name as an RFC 5322 phrase: a quoted string, or encoded words when not ASCII. */
export function phrase(name: string): string {
  const flat = name.replace(/[\r\n\t]+/g, ' ');
  if (PRINTABLE_ASCII.test(flat) && !flat.includes('=?'))
    return `"${flat.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  return encodedWords(flat).join(' ');
}

/**
 * `Name <local@domain>` (or `<local@domain>` without a name). Ids are uuids in practice; any
 * other id is quoted, and one with non-ASCII characters spelled in hex, so an address always
 * parses without SMTPUTF8.
 */
export function mailbox(name: string | null, local: string, domain: string): string {
  const address = `${localPart(local)}@${domain}`;
  return name === null || name === '' ? `<${address}>` : `${phrase(name)} <${address}>`;
}

function localPart(id: string): string {
  if (DOT_ATOM.test(id)) return id;
  if (PRINTABLE_ASCII.test(id)) return `"${id.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  return `u-${Buffer.from(id, 'utf8').toString('hex')}`;
}

/**
 * One header field, folded: breaks go before a space (never inside an encoded word or an
 * address), continuation lines start with that space — unfolding (removing the CRLFs) gives
 * the value back exactly. An address list breaks after its commas.
 */
export function headerLine(name: string, value: string): string {
  const tokens = value.split(' ');
  let line = `${name}:`;
  const lines: string[] = [];
  for (const token of tokens) {
    if (line.length + 1 + token.length > LINE && line.trim() !== `${name}:`) {
      lines.push(line);
      line = '';
    }
    line += ` ${token}`;
  }
  lines.push(line);
  return lines.join(CRLF);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 §3.3 date-time in UTC: `Thu, 01 Jan 2026 10:00:00 +0000`. */
export function mailDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date: ${iso}`);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
  );
}

/**
 * UTF-8 text as quoted-printable with CRLF line breaks: printable ASCII stays readable (an
 * archiver's full-text index and a person with `less` both see the words), everything else is
 * `=XX`, spaces before a line end are encoded, and soft breaks keep lines within 76 columns
 * without splitting an `=XX`.
 */
export function quotedPrintable(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => qpLine(Buffer.from(line, 'utf8')))
    .join(CRLF);
}

function qpLine(bytes: Buffer): string {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    const last = i === bytes.length - 1;
    const literal =
      (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
    const piece = literal ? String.fromCharCode(byte) : `=${hex(byte)}`;
    // Room for the piece plus the soft break's `=` unless this is the line's end.
    const limit = last ? QP_LINE : QP_LINE - 1;
    if (current.length + piece.length > limit) {
      out.push(`${current}=`);
      current = '';
    }
    current += piece;
  }
  out.push(current);
  return out.join(CRLF);
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

export interface MailMessage {
  /** Header fields in order, values unfolded (headerLine folds them). */
  headers: ReadonlyArray<readonly [string, string]>;
  /** Plain text, any line breaks; sent as UTF-8 quoted-printable. */
  text: string;
}

/** The message's bytes as an .eml file holds them. */
export function renderMessage(message: MailMessage): string {
  const head = [
    ...message.headers.map(([name, value]) => headerLine(name, value)),
    headerLine('MIME-Version', '1.0'),
    headerLine('Content-Type', 'text/plain; charset=utf-8'),
    headerLine('Content-Transfer-Encoding', 'quoted-printable'),
  ];
  return `${head.join(CRLF)}${CRLF}${CRLF}${quotedPrintable(message.text)}${CRLF}`;
}
