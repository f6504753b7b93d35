import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestIssuer } from '@tidings/identity/feature/testing';
import { turnCredential } from '@tidings/messaging/feature';
import { createTestPostgresDatabase, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN, startServer, type RunningServer } from './server-process';
import { startTurn, turnAllocates, turnEnv, type RunningTurn } from './turn.testing';

/** Not the dev default (13478), so a developer's own coturn keeps running beside the tests. */
const TURN_PORT = 23_478;
const STUN = 'stun:stun.corp.example:3478';

interface IceAnswer {
  iceServers: Array<{ urls: string[]; username?: string; credential?: string }>;
  iceTransportPolicy: string;
  ttlSeconds: number;
}

// One coturn for the file; stopped at the end only if this file started it.
let turn: RunningTurn;
beforeAll(async () => {
  turn = await startTurn({ port: TURN_PORT });
});
afterAll(async () => {
  await turn?.stop();
});

/**
 * GET /api/v1/calls/ice-servers through the built host run as a process, and the proof that
 * matters: the real coturn (scripts/services/turn.sh, use-auth-secret) grants relays to the
 * credential the server minted, and refuses it altered or expired (docs/calls.md).
 */
describe.each(['sqlite', 'postgres'] as const)('ICE servers and TURN on %s', (flavour) => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-turn-'));
  const issuer = new TestIssuer();
  let pg: TestDatabase | undefined;
  let server: RunningServer;

  const get = (path: string, bearer?: string) =>
    fetch(`${server.baseUrl}/api/v1${path}`, {
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
    });

  beforeAll(async () => {
    await issuer.start();
    if (flavour === 'postgres') pg = await createTestPostgresDatabase();
    server = await startServer(
      {
        DATABASE_URL: pg?.url ?? `sqlite:${join(dir, 'turn.db')}`,
        OIDC_ISSUER: issuer.issuer,
        CALLS_STUN_URLS: STUN,
        ...turn.env,
        CALLS_TURN_TTL_S: '600',
      },
      30_000,
    );
  });

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await issuer.stop();
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('mints a credential coturn accepts, and coturn refuses it altered or expired', async () => {
    const token = await issuer.token({ sub: 'sub-alice', username: 'alice', roles: ['user'] });
    const me = (await (await get('/me', token)).json()) as { userId: string };

    const before = Math.floor(Date.now() / 1000);
    const response = await get('/calls/ice-servers', token);
    const after = Math.floor(Date.now() / 1000);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const answer = (await response.json()) as IceAnswer;
    expect(answer).toMatchObject({ iceTransportPolicy: 'all', ttlSeconds: 600 });
    const [stun, relay] = answer.iceServers;
    expect(answer.iceServers).toHaveLength(2);
    expect(stun).toEqual({ urls: [STUN] });
    expect(relay?.urls).toEqual([
      `turn:127.0.0.1:${TURN_PORT}?transport=udp`,
      `turn:127.0.0.1:${TURN_PORT}?transport=tcp`,
    ]);
    const [expiry, userId] = (relay?.username ?? '').split(':');
    expect(userId).toBe(me.userId);
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + 600);
    expect(Number(expiry)).toBeLessThanOrEqual(after + 600);

    const accepted = await turnAllocates(TURN_PORT, relay?.username ?? '', relay?.credential ?? '');
    expect(accepted.allocated, accepted.output).toBe(true);

    // One character of the credential changed: coturn's own HMAC no longer matches.
    const credential = relay?.credential ?? '';
    const altered = `${credential[0] === 'A' ? 'B' : 'A'}${credential.slice(1)}`;
    const forged = await turnAllocates(TURN_PORT, relay?.username ?? '', altered);
    expect(forged.allocated, forged.output).toBe(false);
    expect(forged.output).toContain('Cannot complete Allocation');

    // Correctly signed, but its expiry has passed.
    const expired = turnCredential(turn.secret, me.userId, Math.floor(Date.now() / 1000) - 60);
    const late = await turnAllocates(TURN_PORT, expired.username, expired.credential);
    expect(late.allocated, late.output).toBe(false);
    expect(late.output).toContain('Cannot complete Allocation');

    // The secret itself never leaves the server, not even into its log.
    expect(JSON.stringify(answer)).not.toContain(turn.secret);
    expect(server.output()).toContain('request completed');
    expect(server.output()).not.toContain(turn.secret);
  });

  it('answers only a signed-in caller', async () => {
    const response = await get('/calls/ice-servers');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});

describe('ICE servers without CALLS_* and with a broken CALLS_* configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-turn-'));
  const issuer = new TestIssuer();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers no servers when none are configured', async () => {
    await issuer.start();
    const server = await startServer({
      DATABASE_URL: `sqlite:${join(dir, 'plain.db')}`,
      OIDC_ISSUER: issuer.issuer,
    });
    try {
      const token = await issuer.token({ sub: 'sub-bob', username: 'bob', roles: ['user'] });
      const response = await fetch(`${server.baseUrl}/api/v1/calls/ice-servers`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        iceServers: [],
        iceTransportPolicy: 'all',
        ttlSeconds: 3600,
      });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await issuer.stop();
    }
  });

  it.each([
    [
      { ...turnEnv({ port: TURN_PORT }), CALLS_TURN_SECRET: '' },
      /^tidings: invalid configuration — CALLS_TURN_SECRET: required when CALLS_TURN_URLS is set/,
    ],
    [
      { CALLS_ICE_TRANSPORT_POLICY: 'relay' },
      /^tidings: invalid configuration — CALLS_ICE_TRANSPORT_POLICY: relay needs CALLS_TURN_URLS/,
    ],
  ])('%o stops the process with one clear line', (env, message) => {
    const result = spawnSync(process.execPath, [MAIN], {
      env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'bad.db')}`, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(78);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
