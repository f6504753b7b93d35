/** One attribute-value pair of a distinguished name, value unescaped (`ou=研发中心`). */
export interface Rdn {
  type: string;
  value: string;
}

/**
 * Parses a distinguished name (RFC 4514) into RDNs, most specific first. Handles `\,`-style
 * and `\XX` hex escapes (UTF-8 sequences included, as servers send non-ASCII names) and
 * spaces around separators. Multi-valued RDNs (`cn=a+sn=b`) keep only their first pair —
 * Tidings never needs the rest to place an entry in the tree.
 */
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

export function parseDn(dn: string): Rdn[] {
  // Most DNs have no escapes, quotes or multi-valued RDNs: split those directly — a sync parses
  // tens of thousands of DNs, and the general parser below works byte by byte.
  if (dn === '') return [];
  if (!/[\\"+;]/.test(dn)) return dn.split(',').map(simpleRdn);
  const rdns: Rdn[] = [];
  let i = 0;
  const skipSpaces = () => {
    while (dn[i] === ' ') i++;
  };
  while (i < dn.length) {
    skipSpaces();
    const eq = dn.indexOf('=', i);
    if (eq < 0) throw new Error(`malformed DN: ${dn}`);
    const type = dn.slice(i, eq).trim();
    i = eq + 1;
    skipSpaces();
    const bytes: number[] = [];
    let trailingSpaces = 0;
    let skipRest = false;
    while (i < dn.length && dn[i] !== ',' && dn[i] !== ';') {
      const ch = dn.charAt(i);
      if (ch === '+' && !skipRest) {
        skipRest = true; // further values of a multi-valued RDN
        i++;
        continue;
      }
      if (skipRest) {
        i += ch === '\\' ? 2 : 1;
        continue;
      }
      if (ch === '\\') {
        const hex = dn.slice(i + 1, i + 3);
        if (/^[0-9a-fA-F]{2}$/.test(hex)) {
          bytes.push(parseInt(hex, 16));
          i += 3;
        } else {
          bytes.push(...utf8.encode(dn[i + 1] ?? ''));
          i += 2;
        }
        trailingSpaces = 0;
        continue;
      }
      const codePoint = dn.codePointAt(i) ?? 0;
      bytes.push(...utf8.encode(String.fromCodePoint(codePoint)));
      trailingSpaces = ch === ' ' ? trailingSpaces + 1 : 0;
      i += codePoint > 0xffff ? 2 : 1; // a surrogate pair is two UTF-16 units
    }
    const value = fromUtf8.decode(Uint8Array.from(bytes.slice(0, bytes.length - trailingSpaces)));
    if (!type) throw new Error(`malformed DN: ${dn}`);
    rdns.push({ type, value });
    i++; // the separator
  }
  return rdns;
}

function simpleRdn(part: string, _: number, parts: string[]): Rdn {
  const eq = part.indexOf('=');
  const type = part.slice(0, eq).trim();
  if (eq < 0 || !type) throw new Error(`malformed DN: ${parts.join(',')}`);
  return { type, value: part.slice(eq + 1).trim() };
}

/** Case-insensitive comparison of RDN types and values, as directories compare them. */
function sameRdn(a: Rdn, b: Rdn): boolean {
  return (
    a.type.toLowerCase() === b.type.toLowerCase() && a.value.toLowerCase() === b.value.toLowerCase()
  );
}

/** True when `dn` lies at or below `base`. */
export function isWithin(dn: string, base: string): boolean {
  const entry = parseDn(dn);
  const root = parseDn(base);
  if (root.length > entry.length) return false;
  const offset = entry.length - root.length;
  return root.every((rdn, k) => {
    const own = entry[offset + k];
    return own !== undefined && sameRdn(rdn, own);
  });
}

/**
 * The organizational units between `base` and the entry, outermost first — the department
 * path of a user (`ou=基础架构组,ou=平台部,ou=研发中心,…` → ['研发中心', '平台部', '基础架构组']).
 * Non-OU RDNs (the entry's own `uid=`/`CN=`, AD's `CN=Users` container) are left out.
 */
export function orgUnitPath(dn: string, base: string): string[] {
  if (!isWithin(dn, base)) throw new Error(`${dn} is not below ${base}`);
  const below = parseDn(dn).slice(1, -parseDn(base).length || undefined);
  return below
    .filter((rdn) => rdn.type.toLowerCase() === 'ou')
    .map((rdn) => rdn.value)
    .reverse();
}
