/**
 * LDAP GeneralizedTime (RFC 4517 §3.3.13) as servers send it: `20261125101530Z` (OpenLDAP
 * modifyTimestamp), `20261125101530.0Z` (AD whenChanged), or with an offset `+0800`.
 * Minutes and seconds may be omitted; a fraction applies to the last unit given.
 */
export function parseGeneralizedTime(text: string): Date {
  const match =
    /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{2}(?:\d{2})?)$/.exec(
      text,
    );
  if (!match) throw new Error(`not a GeneralizedTime: ${text}`);
  const [, y, mo, d, h, mi, s, fraction, zone] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string | undefined,
    string | undefined,
    string | undefined,
    string,
  ];
  const unitMs = s !== undefined ? 1000 : mi !== undefined ? 60_000 : 3_600_000;
  const fractionMs = fraction ? Math.round(Number(`0.${fraction}`) * unitMs) : 0;
  const utc = Date.UTC(+y, +mo - 1, +d, +h, mi ? +mi : 0, s ? +s : 0) + fractionMs;
  if (zone === 'Z') return new Date(utc);
  const sign = zone.startsWith('-') ? -1 : 1;
  const offsetMinutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5) || 0);
  return new Date(utc - sign * offsetMinutes * 60_000);
}
