import { describe, expect, it } from 'vitest';
import { grantableScopes, tokenScopes } from './token-scopes';

describe('token scopes', () => {
  it('grants a bot token everything a connector needs by default', () => {
    expect(grantableScopes(['integration'])).toEqual([
      'connectors.use',
      'directory.read',
      'messaging.read',
      'messaging.write',
    ]);
    expect(tokenScopes(['integration'], undefined)).toEqual({
      scopes: ['connectors.use', 'directory.read', 'messaging.read', 'messaging.write'],
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
