/** File names as the uploader gave them, made safe to show, store and send back in a header. */

const MAX_NAME_CHARS = 255;

/**
 * Control characters, and the bidirectional overrides and isolates behind the
 * `invoice‮fdp.exe` trick (shown as `invoiceexe.pdf`): none belongs in a file name.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The name shown for a file: the client's name without any path (browsers on Windows used to
 * send `C:\fakepath\…`), unsafe characters removed, NFC, at most 255 characters with the
 * extension kept. An empty result becomes `file`.
 */
export function displayNameOf(raw: string | undefined | null): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const clean = base.replace(UNSAFE, '').normalize('NFC').trim();
  const chars = [...clean];
  if (chars.length === 0) return 'file';
  if (chars.length <= MAX_NAME_CHARS) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 ? [...clean.slice(dot)] : [];
  const keep = ext.length < 17 ? ext : [];
  return [...chars.slice(0, MAX_NAME_CHARS - keep.length), ...keep].join('');
}

/**
 * The name a download is saved under: the display name, plus the real extension when the name
 * claims another type (`report.png` that is a PDF saves as `report.png.pdf`), so the saving
 * computer opens it as what it is rather than what it was called.
 */
export function downloadNameOf(
  name: string,
  detectedExt: string | null,
  extensionMismatch: boolean,
): string {
  return extensionMismatch && detectedExt ? `${name}.${detectedExt}` : name;
}

/**
 * `Content-Disposition` per RFC 6266: an ASCII fallback for old clients and the exact name as
 * RFC 8187 UTF-8 (`filename*`) — Chinese file names must survive the round trip.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
