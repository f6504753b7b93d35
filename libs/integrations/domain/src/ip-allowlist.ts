import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * An IP allowlist of CIDRs (`10.0.0.0/8`, `2001:db8::/32`) or single addresses. Empty: every
 * address is allowed. IPv4-mapped IPv6 clients (`::ffff:10.1.2.3`, as a dual-stack socket
 * reports them) are matched as the IPv4 address they are.
 */
export class IpAllowlist {
  private readonly list = new BlockList();

  constructor(readonly entries: readonly string[]) {
    for (const entry of entries) {
      const parsed = parseCidr(entry);
      if (!parsed) throw new Error(`not a CIDR: ${entry}`);
      this.list.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
  }

  allows(address: string | undefined): boolean {
    if (this.entries.length === 0) return true;
    if (!address) return false;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    const ip = mapped ? (mapped[1] as string) : address;
    if (isIPv4(ip)) return this.list.check(ip, 'ipv4');
    if (isIPv6(ip)) return this.list.check(ip, 'ipv6');
    return false;
  }
}

/** `a.b.c.d/n`, `x::y/n` or a bare address (a /32 or /128); null when it is neither. */
export function parseCidr(
  entry: string,
): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', prefixText, extra] = entry.trim().split('/');
  if (extra !== undefined) return null;
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  if (!family) return null;
  const max = family === 'ipv4' ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max, family };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix <= max ? { address, prefix, family } : null;
}
