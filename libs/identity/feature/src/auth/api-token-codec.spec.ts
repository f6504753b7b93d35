import { describe, expect, it } from 'vitest';
import {
  generateApiToken,
  generateWidgetToken,
  isApiToken,
  isWidgetToken,
  parseApiToken,
  parseWidgetToken,
  secretMatches,
} from './api-token-codec';

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

  it('keeps widget tokens apart from bot tokens: one kind never parses as the other', () => {
    const widget = generateWidgetToken();
    expect(widget.token).toMatch(/^tdw_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/);
    expect(isWidgetToken(widget.token)).toBe(true);
    expect(isApiToken(widget.token)).toBe(false);
    expect(parseApiToken(widget.token)).toBeUndefined();
    const parsed = parseWidgetToken(widget.token);
    expect(parsed?.prefix).toBe(widget.prefix);
    expect(secretMatches(parsed!.secret, widget.secretHash)).toBe(true);
    expect(parseWidgetToken(generateApiToken().token)).toBeUndefined();
    expect(parseWidgetToken('tdw_short_x')).toBeUndefined();
  });
});
