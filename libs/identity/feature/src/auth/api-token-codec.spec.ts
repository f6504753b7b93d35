import { describe, expect, it } from 'vitest';
import { generateApiToken, isApiToken, parseApiToken, secretMatches } from './api-token-codec';

describe('API token codec', () => {
  it('round-trips a generated token and matches only its own secret', () => {
    const { token, prefix, secretHash } = generateApiToken();
    expect(isApiToken(token)).toBe(true);
    const parsed = parseApiToken(token);
    expect(parsed?.prefix).toBe(prefix);
    expect(secretMatches(parsed!.secret, secretHash)).toBe(true);
    expect(
      secretMatches(
        parsed!.secret.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
        secretHash,
      ),
    ).toBe(false);
    expect(token).not.toContain(secretHash);
  });

  it('refuses malformed tokens', () => {
    expect(parseApiToken('tdg_short_x')).toBeUndefined();
    expect(parseApiToken('eyJhbGciOi.x.y')).toBeUndefined();
    expect(isApiToken('eyJhbGciOi.x.y')).toBe(false);
  });
});
