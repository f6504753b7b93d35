import { createHmac, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ICE_SETTINGS,
  iceServersFor,
  turnCredential,
  type IceSettings,
} from './turn-credentials';

const SECRET = 'north-wind-secret';
const USER = '0b9e3c1e-5d7a-4a55-9a43-3f1b2a7c9d10';
const NOW_MS = Date.UTC(2026, 0, 15, 9, 30, 0, 250); // 1768469400.25 s

/** HMAC-SHA1 through Web Crypto: an API of its own, not the function under test's createHmac. */
async function webCryptoHmacSha1(key: string, data: string): Promise<string> {
  const encoder = new TextEncoder();
  const imported = await webcrypto.subtle.importKey(
    'raw',
    encoder.encode(key),
    { name: 'HMAC', hash: 'SHA-1' },
    false,
    ['sign'],
  );
  const signature = await webcrypto.subtle.sign('HMAC', imported, encoder.encode(data));
  return Buffer.from(signature).toString('base64');
}

describe('TURN credentials (use-auth-secret)', () => {
  it('names the expiry and the user, and signs that name with the secret', async () => {
    const { username, credential } = turnCredential(SECRET, USER, 1_768_473_000);
    expect(username).toBe(`1768473000:${USER}`);
    expect(credential).toBe(createHmac('sha1', SECRET).update(username).digest('base64'));
    expect(credential).toBe(await webCryptoHmacSha1(SECRET, username));
    // base64 of a 20-byte SHA-1 MAC.
    expect(Buffer.from(credential, 'base64')).toHaveLength(20);
  });

  it('gives each user, expiry and secret a credential of its own', () => {
    const one = turnCredential(SECRET, USER, 1_768_473_000).credential;
    expect(turnCredential(SECRET, 'someone-else', 1_768_473_000).credential).not.toBe(one);
    expect(turnCredential(SECRET, USER, 1_768_473_001).credential).not.toBe(one);
    expect(turnCredential('another-secret', USER, 1_768_473_000).credential).not.toBe(one);
  });

  it('writes the expiry as whole seconds (coturn reads an integer before the first colon)', () => {
    expect(turnCredential(SECRET, USER, 1_768_473_000.9).username).toBe(`1768473000:${USER}`);
  });
});

describe('the ICE servers answer', () => {
  const settings: IceSettings = {
    stunUrls: ['stun:stun.corp.example:3478'],
    turnUrls: ['turn:turn.corp.example:3478?transport=udp', 'turns:turn.corp.example:443'],
    turnSecret: SECRET,
    ttlSeconds: 600,
    transportPolicy: 'relay',
  };

  it('is empty without configured servers, and keeps the default policy and lifetime', () => {
    expect(iceServersFor(DEFAULT_ICE_SETTINGS, USER, NOW_MS)).toEqual({
      iceServers: [],
      iceTransportPolicy: 'all',
      ttlSeconds: 3600,
    });
  });

  it('lists STUN as is and TURN with a credential expiring ttlSeconds from now', () => {
    const answer = iceServersFor(settings, USER, NOW_MS);
    const expiry = Math.floor(NOW_MS / 1000) + 600;
    expect(expiry).toBe(1_768_470_000);
    expect(answer).toEqual({
      iceServers: [
        { urls: ['stun:stun.corp.example:3478'] },
        {
          urls: ['turn:turn.corp.example:3478?transport=udp', 'turns:turn.corp.example:443'],
          username: `${expiry}:${USER}`,
          credential: createHmac('sha1', SECRET).update(`${expiry}:${USER}`).digest('base64'),
        },
      ],
      iceTransportPolicy: 'relay',
      ttlSeconds: 600,
    });
  });

  it('hands out TURN only with a secret to sign for it, STUN alone when that is all there is', () => {
    const { turnSecret: _unset, ...unsigned } = settings;
    expect(iceServersFor(unsigned, USER, NOW_MS).iceServers).toEqual([
      { urls: ['stun:stun.corp.example:3478'] },
    ]);
    const turnOnly = iceServersFor({ ...settings, stunUrls: [] }, USER, NOW_MS);
    expect(turnOnly.iceServers).toHaveLength(1);
    expect(turnOnly.iceServers[0]?.username).toMatch(/^\d+:0b9e3c1e-/);
  });

  it('does not let callers change the configured lists through the answer', () => {
    const answer = iceServersFor(settings, USER, NOW_MS);
    answer.iceServers[0]?.urls.push('stun:evil.example');
    expect(settings.stunUrls).toEqual(['stun:stun.corp.example:3478']);
  });
});
