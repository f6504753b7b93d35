/**
 * What a file *is*, decided from its bytes — never from its name or the Content-Type the client
 * sent, both of which the uploader chooses freely. The byte sniffing itself (file-type) lives in
 * the feature; these are the rules applied to what it found.
 */

/** A type found by magic bytes (file-type's `{ ext, mime }`). */
export interface DetectedType {
  mime: string;
  ext: string;
}

/**
 * Types a double-click would run: native executables of the three desktop systems, Windows
 * shortcuts (a classic way to launch a payload) and Java classes. Refused whatever the name.
 * Installers and packages (msi, deb, rpm, apk, jar, dmg) are archives people legitimately share;
 * an operator who wants them out adds their types to FILES_REFUSED_TYPES.
 */
export const EXECUTABLE_TYPES: readonly string[] = [
  'application/x-elf',
  'application/x-msdownload',
  'application/x-mach-binary',
  'application/x-ms-shortcut',
  'application/java-vm',
];

/** Bytes a file with no recognisable signature is stored as. */
export const OPAQUE_TYPE = 'application/octet-stream';
export const TEXT_TYPE = 'text/plain';

const MACH_O_MAGICS = ['feedface', 'feedfacf', 'cefaedfe', 'cffaedfe', 'cafebabe'];

/**
 * The executable signature at the start of `head`, if any — checked on the first bytes of an
 * upload so an executable is refused before the rest of it is read. Deliberately broad: a file
 * starting with `MZ` is treated as a Windows executable, as file-type does.
 */
export function executableSignature(head: Uint8Array): string | null {
  if (
    head.length >= 4 &&
    head[0] === 0x7f &&
    head[1] === 0x45 &&
    head[2] === 0x4c &&
    head[3] === 0x46
  )
    return 'an ELF executable';
  if (head.length >= 2 && head[0] === 0x4d && head[1] === 0x5a) return 'a Windows executable';
  if (head.length >= 4 && MACH_O_MAGICS.includes(Buffer.from(head.subarray(0, 4)).toString('hex')))
    return 'a Mach-O executable or Java class';
  // The kernel runs any file starting with `#!` through the named interpreter.
  if (head.length >= 2 && head[0] === 0x23 && head[1] === 0x21) return 'a script (#!)';
  return null;
}

/** Why a detected type is refused, or null when it is accepted. */
export function refusalOf(
  detected: DetectedType | undefined,
  head: Uint8Array,
  refusedTypes: readonly string[],
): string | null {
  const signature = executableSignature(head);
  if (signature) return signature;
  if (!detected) return null;
  if (EXECUTABLE_TYPES.includes(detected.mime)) return `an executable (${detected.mime})`;
  if (refusedTypes.includes(detected.mime)) return `${detected.mime} is refused on this server`;
  return null;
}

/**
 * The MIME type a file is stored and served with: the detected one; for no signature, plain
 * text when the start is valid UTF-8 without NUL bytes, else opaque bytes. (SVG, HTML and the
 * like have no signature and so become text/plain — served as text, they cannot run script.)
 */
export function storedTypeOf(detected: DetectedType | undefined, head: Uint8Array): string {
  if (detected) return detected.mime;
  return looksLikeText(head) ? TEXT_TYPE : OPAQUE_TYPE;
}

function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0 || head.includes(0)) return false;
  try {
    // `stream`: a character cut off at the end of the sample is not a reason to call it binary.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Raster formats a browser shows safely and sharp thumbnails. */
const THUMBNAILED = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

export function isThumbnailable(mime: string): boolean {
  return THUMBNAILED.includes(mime);
}

/** Shown in the browser (`inline`); everything else downloads as an attachment. */
export function isInline(mime: string): boolean {
  return THUMBNAILED.includes(mime) || mime === 'application/pdf';
}

/** Extensions that name the same type (file-type reports one of each group). */
const EXTENSION_ALIASES: Record<string, string[]> = {
  jpg: ['jpeg', 'jpe', 'jfif'],
  tif: ['tiff'],
  mp4: ['m4v'],
  mpg: ['mpeg'],
  gz: ['tgz'],
  txt: ['text', 'log', 'csv', 'md'],
};

/**
 * Whether the name's extension claims another type than the content has. With no detected
 * type, only a name claiming a format we could have recognised (`.png` on text) is a mismatch.
 */
export function extensionMismatch(
  name: string,
  detected: DetectedType | undefined,
  recognisedExtensions: ReadonlySet<string>,
): boolean {
  const ext = extensionOf(name);
  if (!detected) return ext !== null && recognisedExtensions.has(ext);
  if (ext === null) return false; // a name without an extension claims nothing
  const same = [detected.ext, ...(EXTENSION_ALIASES[detected.ext] ?? [])];
  return !same.includes(ext);
}

export function extensionOf(name: string): string | null {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return null;
  return name.slice(dot + 1).toLowerCase();
}
