import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOutbox, OidcTestClient, submitLogin, WEB_CLIENT_ID } from './oidc-test-client';
import { CLI, freePort, MAIN, startServer, type RunningServer } from './server-process';

/**
 * The built-in OpenID Connect issuer, end to end: the built host as a process, accounts made
 * with the real CLI, and Chromium walking through the login pages like a person would.
 */
const SCREENSHOTS = 'tmp/screenshots';
const ALICE_PASSWORD = 'correct horse battery staple';
const BOB_PASSWORD = 'bob-password-123456';
const LOCKED = 'Too many failed attempts. This account is locked; try again in 15 minutes.';
const HINT = 'npx tidings admin create --username admin --password-stdin';

describe('the built-in OpenID Connect issuer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-oidc-'));
  const databaseFile = join(dir, 'tidings.db');
  let server: RunningServer;
  let browser: Browser;
  let oidc: OidcTestClient;
  const ids: Record<string, string> = {};
  const outbox = (typePrefix: string) => identityOutbox(databaseFile, typePrefix);
  const alert = (page: Page) => page.locator('[role=alert]').textContent();

  /** The CLI against this test's database, as an operator would run it. */
  function tidings(args: string[], input = '', env: Record<string, string> = {}) {
    return spawnSync(process.execPath, [CLI, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: `sqlite:${databaseFile}`,
        PUBLIC_URL: oidc.baseUrl,
        ...env,
      },
      input,
      encoding: 'utf8',
      timeout: 30_000,
    });
  }

  function createUser(username: string, password: string, ...extra: string[]) {
    const args = ['user', 'create', '--username', username, ...extra, '--password-stdin'];
    const result = tidings(args, `${password}\n`);
    expect(result.status, result.stderr).toBe(0);
    ids[username] = /\(id ([0-9a-f-]{36})\)/.exec(result.stdout)?.[1] ?? '';
  }

  /** Opens the login page of a fresh authorization request; returns the client's secrets. */
  async function startLogin(page: Page) {
    const request = oidc.authorizationRequest();
    await page.goto(request.url);
    await page.locator('form input[name=username]').waitFor();
    return request;
  }

  beforeAll(async () => {
    const port = await freePort();
    oidc = new OidcTestClient(`http://127.0.0.1:${port}`);
    server = await startServer({
      DATABASE_URL: `sqlite:${databaseFile}`,
      PORT: String(port),
      PUBLIC_URL: oidc.baseUrl,
      KAFKA_BROKERS: '',
    });
    createUser('alice', ALICE_PASSWORD, '--display-name', 'Alice Liddell');
    createUser('bob', BOB_PASSWORD);
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGINT');
    await server?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in with authorization code + PKCE, refreshes, and signs out for good', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    const { verifier, state } = await startLogin(page);
    expect(await page.locator('h1').textContent()).toBe('Sign in to Tidings');
    await page.screenshot({ path: `${SCREENSHOTS}/login-en.png` });

    await page.goto(`${page.url()}?lang=zh-CN`);
    expect(await page.locator('h1').textContent()).toBe('登录 Tidings');
    expect(await page.locator('label[for=password]').textContent()).toBe('密码');
    await submitLogin(page, 'Alice', 'not the password');
    expect(await alert(page)).toBe('用户名或密码错误。');
    await page.screenshot({ path: `${SCREENSHOTS}/login-zh-CN.png` });

    await submitLogin(page, 'Alice', ALICE_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/auth/callback');
    const callback = new URL(page.url());
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.get('iss')).toBe(oidc.issuer);
    const code = callback.searchParams.get('code') ?? '';
    expect(code).not.toBe('');

    const grant = { grant_type: 'authorization_code', code, redirect_uri: oidc.redirectUri };
    expect((await oidc.token(grant)).status).toBe(400); // PKCE: the code alone is worthless
    const exchange = await oidc.token({ ...grant, code_verifier: verifier });
    expect(exchange.status).toBe(200);
    expect(exchange.body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    const { access_token = '', refresh_token = '', id_token = '' } = exchange.body;
    expect(await oidc.verifyAccessToken(access_token)).toMatchObject({
      sub: ids['alice'],
      preferred_username: 'alice',
      roles: ['user'],
      client_id: WEB_CLIENT_ID,
    });
    const idToken = (await oidc.verify(id_token, WEB_CLIENT_ID)).payload;
    expect(idToken).toMatchObject({ sub: ids['alice'], name: 'Alice Liddell' });
    const me = await fetch(`${oidc.baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'alice', roles: ['user'] });

    const refreshed = await oidc.token({ grant_type: 'refresh_token', refresh_token });
    expect(refreshed.status).toBe(200);
    const newAccess = await oidc.verifyAccessToken(refreshed.body['access_token'] ?? '');
    expect(newAccess.sub).toBe(ids['alice']);
    const newRefresh = refreshed.body['refresh_token'] ?? '';
    expect(newRefresh).not.toBe(refresh_token); // rotated on use; the old one is spent
    expect((await oidc.token({ grant_type: 'refresh_token', refresh_token })).status).toBe(400);

    const endSession = new URL(String((await oidc.discovery())['end_session_endpoint']));
    endSession.search = new URLSearchParams({
      id_token_hint: id_token,
      post_logout_redirect_uri: `${oidc.baseUrl}/`,
    }).toString();
    await page.goto(endSession.href);
    await page.click('button[name=logout]');
    await page.waitForURL(`${oidc.baseUrl}/`);
    const afterLogout = await oidc.token({
      grant_type: 'refresh_token',
      refresh_token: newRefresh,
    });
    expect(afterLogout).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    await page.close();
  });

  it('picks Chinese from Accept-Language and refuses a request without PKCE', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await startLogin(page);
    expect(await page.locator('h1').textContent()).toBe('登录 Tidings');
    await page.close();

    const noPkce = new URL(oidc.authorizationRequest().url);
    noPkce.searchParams.delete('code_challenge');
    noPkce.searchParams.delete('code_challenge_method');
    const refused = await fetch(noPkce, { redirect: 'manual' });
    const location = new URL(refused.headers.get('location') ?? '', oidc.baseUrl);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('locks an account after five wrong passwords, and a made-up name alike', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    await startLogin(page);
    for (let attempt = 1; attempt <= 4; attempt++) {
      await submitLogin(page, 'bob', `wrong-${attempt}`);
      expect(await alert(page)).toBe('Wrong username or password.');
    }
    await submitLogin(page, 'bob', 'wrong-5');
    expect(await alert(page)).toBe(LOCKED);
    await submitLogin(page, 'bob', BOB_PASSWORD); // the right one, sixth attempt
    expect(await alert(page)).toBe(LOCKED);
    expect(new URL(page.url()).pathname).toMatch(/^\/oidc\/interaction\//);
    await page.screenshot({ path: `${SCREENSHOTS}/login-locked-en.png` });

    for (let attempt = 1; attempt <= 5; attempt++) {
      await submitLogin(page, 'nobody-here', 'whatever');
    }
    expect(await alert(page)).toBe(LOCKED);
    await page.close();

    const bob = outbox('identity.login.failed').filter((e) => e.key === 'bob');
    expect(bob.map((e) => [e.data['reason'], e.data['lockedNow']])).toEqual([
      ...Array.from({ length: 4 }, () => ['bad_password', false]),
      ['bad_password', true],
      ['locked', false],
    ]);
    const everything = JSON.stringify(outbox('identity.'));
    expect(everything).not.toContain(BOB_PASSWORD);
    expect(everything).not.toContain(ALICE_PASSWORD);
  });

  it('issues operator tokens with the CLI that the JWKS verifies, only for the built-in issuer', async () => {
    const issued = tidings(['token', 'issue', '--username', 'alice', '--ttl', '10m']);
    expect(issued.status, issued.stderr).toBe(0);
    const token = issued.stdout.trim();
    const claims = await oidc.verifyAccessToken(token);
    expect(claims).toMatchObject({
      sub: ids['alice'],
      preferred_username: 'alice',
      roles: ['user'],
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(600);
    const me = await fetch(`${oidc.baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
    expect(outbox('identity.token.created').at(-1)?.data).toMatchObject({
      tokenId: claims.jti,
      kind: 'operator_access',
      subjectId: ids['alice'],
    });
    expect(JSON.stringify(outbox('identity.'))).not.toContain(token.split('.')[2]);

    expect(tidings(['token', 'issue', '--username', 'alice', '--ttl', '25h']).status).toBe(1);
    const external = tidings(['token', 'issue', '--username', 'alice'], '', {
      OIDC_ISSUER: 'https://sso.example.com/realms/tidings',
    });
    expect(external).toMatchObject({ status: 1, stdout: '' });
    expect(external.stderr).toMatch(
      /^tidings: token issue needs the built-in issuer, but OIDC_ISSUER is set/,
    );
  });

  it('hints at `admin create` until an admin exists, and creates TIDINGS_ADMIN_* once', async () => {
    expect(server.output()).toContain(HINT);
    const create = (name: string) =>
      tidings(['admin', 'create', '--username', name, '--password-stdin'], 'root-password-1234\n');
    expect(create('root').stdout).toMatch(/created account "root" .* with roles user, admin/);
    const again = create('ROOT');
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);

    const freshUrl = `sqlite:${join(dir, 'fresh.db')}`;
    const env = {
      DATABASE_URL: freshUrl,
      KAFKA_BROKERS: '',
      TIDINGS_ADMIN_USERNAME: 'boss',
      TIDINGS_ADMIN_PASSWORD: 'boss-password-1234',
    };
    for (const expectCreated of [true, false]) {
      const booted = await startServer(env);
      booted.child.kill('SIGINT');
      await booted.exited;
      expect(booted.output().includes('created admin account "boss"')).toBe(expectCreated);
      expect(booted.output()).not.toContain(HINT);
    }
    // That database has keys of its own, so only the claims are checked here.
    const boss = tidings(['token', 'issue', '--username', 'boss'], '', { DATABASE_URL: freshUrl });
    expect(boss.status, boss.stderr).toBe(0);
    expect(decodeJwt(boss.stdout.trim())).toMatchObject({ roles: ['user', 'admin'] });

    const tooShort = spawnSync(process.execPath, [MAIN], {
      env: {
        ...process.env,
        ...env,
        DATABASE_URL: `sqlite:${join(dir, 'short.db')}`,
        PORT: String(await freePort()),
        TIDINGS_ADMIN_PASSWORD: 'tiny-secret',
      },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(tooShort.status).not.toBe(0);
    expect(tooShort.stderr).toMatch(/TIDINGS_ADMIN_PASSWORD: must be at least 12 characters/);
    expect(tooShort.stdout + tooShort.stderr).not.toContain('tiny-secret');
  });
});
