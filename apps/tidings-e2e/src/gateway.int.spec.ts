import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpgradeRefused, WsTestClient } from '@tidings/gateway/feature/testing';
import { TestIssuer } from '@tidings/identity/feature/testing';
import { serviceEnv } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, freePort, startServer, type RunningServer } from './server-process';

/**
 * The WebSocket gateway through the built host, run as a process, with tokens from a real
 * OpenID Connect issuer (TestIssuer) and people from the real slapd fixture — and identity's
 * promise: deactivating a user makes their next request 401 and closes their open WebSocket
 * within 2 s (docs/realtime.md).
 */
describe('the WebSocket gateway at /ws', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-ws-'));
  const DATABASE_URL = `sqlite:${join(dir, 'ws.db')}`;
  const issuer = new TestIssuer();
  let server: RunningServer;
  let wsUrl: string;
  let origin: string;
  let ldapEnv: Record<string, string>;

  const token = (username: string, roles = ['user']) =>
    issuer.token({ sub: `sub-${username}`, username, roles });
  const api = async (method: string, path: string, bearer: string, body?: unknown) =>
    fetch(`${server.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    await issuer.start();
    const ldap = serviceEnv('scripts/services/ldap.sh');
    ldapEnv = {
      LDAP_URL: ldap['LDAP_URL'] ?? '',
      LDAP_BASE_DN: ldap['LDAP_OPENLDAP_BASE_DN'] ?? '',
      LDAP_BIND_DN: ldap['LDAP_OPENLDAP_BIND_DN'] ?? '',
      LDAP_BIND_PASSWORD: ldap['LDAP_OPENLDAP_BIND_PASSWORD'] ?? '',
      LDAP_SYNC_INTERVAL: '0',
    };
    // The directory first knows alice and bob (a sync by the CLI, into the server's database) …
    const sync = spawnSync(process.execPath, [CLI, 'directory', 'sync'], {
      env: {
        ...process.env,
        ...ldapEnv,
        DATABASE_URL,
        LDAP_USER_FILTER: '(&(objectClass=inetOrgPerson)(|(uid=alice)(uid=bob)))',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(sync.status, sync.stderr).toBe(0);
    // … then the server's filter leaves alice out: its next sync deactivates her.
    const port = await freePort();
    server = await startServer(
      {
        DATABASE_URL,
        PORT: String(port),
        OIDC_ISSUER: issuer.issuer,
        ...ldapEnv,
        LDAP_USER_FILTER: '(&(objectClass=inetOrgPerson)(uid=bob))',
      },
      30_000,
    );
    wsUrl = `ws://127.0.0.1:${port}/ws`;
    origin = `http://localhost:${port}`; // PUBLIC_URL's origin, the default allowlist
  });

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await issuer.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in by subprotocol or by first frame, says ready, and answers ping', async () => {
    const bySubprotocol = await WsTestClient.connect(wsUrl, {
      token: await token('carol'),
      origin,
    });
    expect(bySubprotocol.socket.protocol).toBe('tidings.v1');
    const ready = await bySubprotocol.next('ready');
    expect(ready).toMatchObject({ type: 'ready', seq: 0, data: { username: 'carol' } });
    expect(ready.data['userId']).toEqual(expect.any(String));

    const byFrame = await WsTestClient.connect(wsUrl); // no Origin: not a browser
    byFrame.send({ type: 'auth', token: await token('carol') });
    expect((await byFrame.next('ready')).data['userId']).toBe(ready.data['userId']);
    byFrame.send({ type: 'ping', id: 'p-1' });
    const pong = await byFrame.next('pong');
    // A reply, not an event of the user's stream: it carries no seq.
    expect(pong).toMatchObject({ data: { replyTo: 'p-1' } });
    expect(pong.seq).toBeUndefined();
    bySubprotocol.close();
    byFrame.close();
  });

  it('closes 4401 for a bad or expired token', async () => {
    const forged = await WsTestClient.connect(wsUrl, {
      token: await issuer.token({ unpublishedKey: true }),
    });
    expect(await forged.closed).toMatchObject({ code: 4401, reason: 'auth.token_signature' });
    const expired = await WsTestClient.connect(wsUrl);
    expired.send({ type: 'auth', token: await issuer.token({ expiresIn: -120 }) });
    expect(await expired.closed).toMatchObject({ code: 4401, reason: 'auth.token_expired' });
  });

  it('refuses a cross-site Origin at the upgrade with 403', async () => {
    const attempt = WsTestClient.connect(wsUrl, {
      token: await token('carol'),
      origin: 'https://evil.example',
    });
    await expect(attempt).rejects.toBeInstanceOf(UpgradeRefused);
    await expect(attempt).rejects.toMatchObject({ status: 403 });
  });

  it('answers an unknown frame type with an error frame, and closes 1009 on an oversized frame', async () => {
    const client = await WsTestClient.connect(wsUrl, { token: await token('carol'), origin });
    await client.next('ready');
    client.send({ type: 'message.teleport', id: 'x-1' });
    expect((await client.next('error')).data).toMatchObject({
      code: 'gateway.type_unknown',
      replyTo: 'x-1',
    });
    client.send({ type: 'ping', pad: 'x'.repeat(70_000) }); // WS_MAX_FRAME_BYTES: 65536
    expect((await client.closed).code).toBe(1009);
  });

  it('deactivating a user makes their next request 401 and closes their socket within 2 s', async () => {
    const alice = await token('alice');
    const admin = await token('root', ['user', 'admin']);
    const socket = await WsTestClient.connect(wsUrl, { token: alice, origin });
    await socket.next('ready');
    expect((await api('GET', '/me', alice)).status).toBe(200);

    const started = performance.now();
    const sync = await api('POST', '/directory/sync-runs', admin, {
      confirmMassDeactivation: true,
    });
    expect(sync.status, await sync.clone().text()).toBe(201);
    expect(await sync.json()).toMatchObject({ run: { status: 'succeeded' } });

    const closed = await socket.closed;
    expect(closed).toMatchObject({ code: 4410, reason: 'auth.user_deactivated' });
    expect(closed.at - started).toBeLessThan(2_000);
    const next = await api('GET', '/me', alice);
    expect(next.status).toBe(401);
    expect(await next.json()).toMatchObject({ code: 'auth.user_deactivated' });
    const again = await WsTestClient.connect(wsUrl, { token: alice, origin });
    expect(await again.closed).toMatchObject({ code: 4401, reason: 'auth.user_deactivated' });
  });

  it('"log out everywhere" by an admin closes the user’s sockets too, and only theirs', async () => {
    const bob = await token('bob');
    const admin = await token('root', ['user', 'admin']);
    const sockets = [
      await WsTestClient.connect(wsUrl, { token: bob, origin }),
      await WsTestClient.connect(wsUrl, { token: bob }),
    ];
    const bobId = (await sockets[0]!.next('ready')).data['identityId'] as string;
    await sockets[1]!.next('ready');
    const bystander = await WsTestClient.connect(wsUrl, { token: await token('carol'), origin });
    await bystander.next('ready');

    const started = performance.now();
    expect((await api('POST', `/users/${bobId}/sessions/revoke`, admin)).status).toBe(204);
    for (const socket of sockets) {
      const closed = await socket.closed;
      expect(closed).toMatchObject({ code: 4410, reason: 'auth.session_revoked' });
      expect(closed.at - started).toBeLessThan(2_000);
    }
    expect((await api('GET', '/me', bob)).status).toBe(401);
    bystander.send({ type: 'ping' });
    expect((await bystander.next('pong')).type).toBe('pong');
    bystander.close();
  });

  it('closes open sockets with 1001 on a graceful shutdown', async () => {
    const client = await WsTestClient.connect(wsUrl, { token: await token('carol'), origin });
    await client.next('ready');
    server.child.kill('SIGTERM');
    expect(await client.closed).toMatchObject({ code: 1001, reason: 'server.shutdown' });
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});
