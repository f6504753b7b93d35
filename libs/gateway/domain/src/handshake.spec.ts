import { describe, expect, it } from 'vitest';
import { normalizeOrigin, OriginPolicy, readOfferedProtocols, selectProtocol } from './handshake';

describe('origins', () => {
  it('normalises what operators type and refuses what is not an origin', () => {
    expect(normalizeOrigin('https://Chat.Example.com:443/')).toBe('https://chat.example.com');
    expect(normalizeOrigin('http://localhost:8080')).toBe('http://localhost:8080');
    for (const bad of ['null', 'chat.example.com', 'ftp://x', 'https://x/app', 'https://u@x']) {
      expect(normalizeOrigin(bad), bad).toBeUndefined();
    }
  });

  it('allows listed origins and requests without Origin; refuses other sites and null', () => {
    const policy = new OriginPolicy(['https://chat.example.com', 'http://localhost:4200/']);
    expect(policy.allows('https://chat.example.com')).toBe(true);
    expect(policy.allows('http://localhost:4200')).toBe(true);
    expect(policy.allows(undefined)).toBe(true); // not a browser: no ambient credentials
    expect(policy.allows('https://evil.example')).toBe(false);
    expect(policy.allows('https://chat.example.com.evil.example')).toBe(false);
    expect(policy.allows('http://chat.example.com')).toBe(false); // scheme matters
    expect(policy.allows('null')).toBe(false);
    expect(policy.origins).toEqual(['https://chat.example.com', 'http://localhost:4200']);
  });
});

describe('subprotocols', () => {
  it('finds the bearer token next to tidings.v1 and answers only with tidings.v1', () => {
    const offered = readOfferedProtocols('tidings.v1, bearer.eyJhbGciOi.eyJzdWIi.c2ln');
    expect(offered).toEqual({ speaksTidings: true, token: 'eyJhbGciOi.eyJzdWIi.c2ln' });
    expect(selectProtocol(new Set(['tidings.v1', 'bearer.x']))).toBe('tidings.v1');
    expect(selectProtocol(new Set(['bearer.x']))).toBe(false);
  });

  it('reads no token when there is none, or it is empty', () => {
    expect(readOfferedProtocols(undefined)).toEqual({ speaksTidings: false, token: undefined });
    expect(readOfferedProtocols('tidings.v1,bearer.')).toEqual({
      speaksTidings: true,
      token: undefined,
    });
    expect(readOfferedProtocols(['tidings.v1', 'bearer.t'])).toEqual({
      speaksTidings: true,
      token: 't',
    });
  });
});
