import { MAX_OPERATOR_TOKEN_TTL_SECONDS } from '../issuer/access-token';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90`, `90s`, `15m`, `1h`, `1d` → seconds; at most 24 hours. */
export function parseTtl(text: string): number {
  const match = /^(\d+)\s*([smhd]?)$/i.exec(text.trim());
  if (!match) throw new Error(`--ttl: expected e.g. 15m, 1h or 3600; got "${text}"`);
  const seconds = Number(match[1]) * (UNITS[(match[2] || 's').toLowerCase()] ?? 1);
  if (seconds < 1 || seconds > MAX_OPERATOR_TOKEN_TTL_SECONDS) {
    throw new Error(`--ttl: must be between 1 second and 24 hours; got "${text}"`);
  }
  return seconds;
}
