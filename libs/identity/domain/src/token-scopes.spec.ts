import { describe, expect, it } from 'vitest';
import { grantableScopes, tokenScopes } from './token-scopes';

describe('token scopes', () => {
  it('grants a bot token everything a connector needs by default', () => {
    expect(grantableScopes(['integration'])).toEqual([
      'connectors.use',
      'widget.tokens.issue',
      'directory.read',
      'messaging.read',
      'messaging.write',
    ]);
    expect(tokenScopes(['integration'], undefined)).toEqual({
      scopes: ['connectors.use', 'directory.read', 'messaging.read', 'messaging.write'],
    });
  });

  it('gives widget.tokens.issue only to a token that names it: acting as people is opt-in', () => {
    expect(tokenScopes(['integration'], undefined)).not.toMatchObject({
      scopes: expect.arrayContaining(['widget.tokens.issue']),
    });
    expect(tokenScopes(['integration'], ['widget.tokens.issue', 'connectors.use'])).toEqual({
      scopes: ['connectors.use', 'widget.tokens.issue'],
    });
    // A person's role never grants it, so it cannot be asked for on their behalf either.
    expect(tokenScopes(['admin'], ['widget.tokens.issue'])).toEqual({
      refused: { index: 0, scope: 'widget.tokens.issue', reason: 'not_granted' },
    });
  });

  it('narrows to the requested scopes, deduplicated, in the table order', () => {
    expect(
      tokenScopes(['integration'], ['messaging.write', 'connectors.use', 'messaging.write']),
    ).toEqual({ scopes: ['connectors.use', 'messaging.write'] });
    expect(tokenScopes(['integration'], [])).toEqual({ scopes: [] });
  });

  it('refuses a scope that is no permission, naming it and where it was', () => {
    expect(tokenScopes(['integration'], ['messaging.read', 'chat:write'])).toEqual({
      refused: { index: 1, scope: 'chat:write', reason: 'unknown' },
    });
  });

  it('refuses a permission the bot’s roles do not grant: a token never widens its subject', () => {
    expect(tokenScopes(['integration'], ['bots.manage'])).toEqual({
      refused: { index: 0, scope: 'bots.manage', reason: 'not_granted' },
    });
    expect(tokenScopes(['integration'], ['messaging.manage'])).toMatchObject({
      refused: { reason: 'not_granted' },
    });
  });
});
