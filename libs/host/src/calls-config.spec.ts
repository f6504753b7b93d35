import { ConfigError, loadConfig } from '@tidings/platform/config';
import { describe, expect, it } from 'vitest';
import { callsOptionsOf } from './calls-config';
import { tidingsConfigSchema } from './config';
import { serviceConfigSchema } from './service-config';

const parse = (env: Record<string, string>) => tidingsConfigSchema.parse(env);
const TURN = 'turn:turn.corp.example:3478?transport=udp,turns:turn.corp.example:443';

describe('calls configuration (CALLS_*)', () => {
  it('defaults to no ICE servers, policy all, one-hour credentials and a 45 s ring', () => {
    expect(callsOptionsOf(parse({}))).toEqual({
      ringTimeoutMs: 45_000,
      ice: { stunUrls: [], turnUrls: [], ttlSeconds: 3600, transportPolicy: 'all' },
    });
  });

  it('reads every variable', () => {
    const config = parse({
      CALLS_STUN_URLS: 'stun:stun.corp.example:3478, stun:[2001:db8::1]',
      CALLS_TURN_URLS: TURN,
      CALLS_TURN_SECRET: 's3cret',
      CALLS_TURN_TTL_S: '600',
      CALLS_ICE_TRANSPORT_POLICY: 'relay',
      CALLS_RING_TIMEOUT_S: '30',
    });
    expect(callsOptionsOf(config)).toEqual({
      ringTimeoutMs: 30_000,
      ice: {
        stunUrls: ['stun:stun.corp.example:3478', 'stun:[2001:db8::1]'],
        turnUrls: ['turn:turn.corp.example:3478?transport=udp', 'turns:turn.corp.example:443'],
        turnSecret: 's3cret',
        ttlSeconds: 600,
        transportPolicy: 'relay',
      },
    });
  });

  it('refuses TURN URLs without the secret, naming the variable', () => {
    const secrets: Array<Record<string, string>> = [
      {},
      { CALLS_TURN_SECRET: '' },
      { CALLS_TURN_SECRET: '  ' },
    ];
    for (const secret of secrets) {
      const config = parse({ CALLS_TURN_URLS: TURN, ...secret });
      expect(() => callsOptionsOf(config)).toThrow(ConfigError);
      expect(() => callsOptionsOf(config)).toThrow(
        /^CALLS_TURN_SECRET: required when CALLS_TURN_URLS is set/,
      );
    }
  });

  it('refuses relay-only media without a TURN server to relay through', () => {
    const config = parse({
      CALLS_ICE_TRANSPORT_POLICY: 'relay',
      CALLS_STUN_URLS: 'stun:s.example',
    });
    expect(() => callsOptionsOf(config)).toThrow(/^CALLS_ICE_TRANSPORT_POLICY: relay needs/);
    try {
      callsOptionsOf(config);
    } catch (error) {
      expect((error as ConfigError).variable).toBe('CALLS_ICE_TRANSPORT_POLICY');
    }
  });

  it('ignores a secret nobody uses (no TURN URLs): nothing is signed with it', () => {
    const options = callsOptionsOf(parse({ CALLS_TURN_SECRET: 's3cret' }));
    expect(options.ice).not.toHaveProperty('turnSecret');
  });

  it.each([
    [{ CALLS_STUN_URLS: 'turn:t.example' }, /CALLS_STUN_URLS: expected .*"turn:t.example" is not/],
    [{ CALLS_STUN_URLS: 'https://stun.example' }, /CALLS_STUN_URLS: expected/],
    [{ CALLS_TURN_URLS: 'stun:s.example' }, /CALLS_TURN_URLS: expected .*"stun:s.example" is not/],
    [{ CALLS_TURN_URLS: 'turn:t.example?transport=sctp' }, /CALLS_TURN_URLS: expected/],
    [{ CALLS_TURN_URLS: 'turn:t.example:3478/x' }, /CALLS_TURN_URLS: expected/],
    [{ CALLS_TURN_TTL_S: '59' }, /CALLS_TURN_TTL_S: expected whole seconds from 60 to 86400/],
    [{ CALLS_TURN_TTL_S: '86401' }, /CALLS_TURN_TTL_S: expected whole seconds/],
    [{ CALLS_TURN_TTL_S: '1h' }, /CALLS_TURN_TTL_S: expected whole seconds/],
    [{ CALLS_ICE_TRANSPORT_POLICY: 'none' }, /CALLS_ICE_TRANSPORT_POLICY: expected all or relay/],
    [{ CALLS_RING_TIMEOUT_S: '0' }, /CALLS_RING_TIMEOUT_S: expected a positive whole number/],
  ])('refuses %o with a line naming the variable', (env, message) => {
    expect(() => loadConfig(tidingsConfigSchema, env)).toThrow(message);
  });

  it('accepts the bounds of the credential lifetime', () => {
    expect(parse({ CALLS_TURN_TTL_S: '60' }).CALLS_TURN_TTL_S).toBe(60);
    expect(parse({ CALLS_TURN_TTL_S: '86400' }).CALLS_TURN_TTL_S).toBe(86_400);
  });

  it('is read by the messaging process, not by the gateway', () => {
    const cluster = { KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgres://t@db/t' };
    const env = { ...cluster, CALLS_TURN_URLS: TURN, CALLS_TURN_SECRET: 's3cret' };
    expect(serviceConfigSchema('messaging').parse(env).CALLS_TURN_URLS).toHaveLength(2);
    expect(serviceConfigSchema('gateway').parse(env).CALLS_TURN_URLS).toEqual([]);
  });
});
