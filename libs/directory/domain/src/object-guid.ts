/**
 * Active Directory's `objectGUID` is 16 raw bytes whose first three fields are stored
 * little-endian. Its canonical text (what AD tools show, and what stays stable across renames
 * and moves) swaps those fields back — reading the bytes as plain hex gives a different,
 * wrong id.
 */
export function formatObjectGuid(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new Error(`objectGUID must be 16 bytes, got ${bytes.length}`);
  const hex = (from: number, to: number, reverse: boolean) => {
    const part = Array.from(bytes.subarray(from, to), (b) => b.toString(16).padStart(2, '0'));
    return (reverse ? part.reverse() : part).join('');
  };
  return [
    hex(0, 4, true),
    hex(4, 6, true),
    hex(6, 8, true),
    hex(8, 10, false),
    hex(10, 16, false),
  ].join('-');
}

/** The inverse: canonical text → the 16 bytes as AD stores them (e.g. for a search filter). */
export function objectGuidBytes(guid: string): Uint8Array {
  const match = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i.exec(
    guid,
  );
  if (!match) throw new Error(`not a GUID: ${guid}`);
  const bytes = (hex: string, reverse: boolean) => {
    const out = (hex.match(/../g) ?? []).map((h) => parseInt(h, 16));
    return reverse ? out.reverse() : out;
  };
  const [, a, b, c, d, e] = match as unknown as [string, string, string, string, string, string];
  return Uint8Array.from([
    ...bytes(a, true),
    ...bytes(b, true),
    ...bytes(c, true),
    ...bytes(d, false),
    ...bytes(e, false),
  ]);
}
