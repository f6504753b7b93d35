import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOutbox, OidcTestClient, submitLogin } from './oidc-test-client';
import { CLI, freePort, startServer, type RunningServer } from './server-process';

/**
 * Deactivation and reactivation against the built-in issuer, end to end: the built host as a
 * process, a person with a local account signing in with Chromium, an administrator
 * deactivating and reactivating her in the directory (its admin API publishes
 * `directory.user.deactivated` / `.reactivated`; identity consumes them over the in-process
 * bus). While deactivated neither her tokens nor her refresh token nor her issuer session work;
 * after reactivation only a new sign-in does — nothing from before the deactivation comes back.
 */
const PASSWORD = 'dora-password-123456';
const ADMIN_PASSWORD = 'reactivation-admin-password';
const WRONG = 'Wrong username or password.';

describe('deactivating and reactivating a person at the built-in issuer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-reactivation-'));
  const databaseFile = join(dir, 'tidings.db');
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let oidc: OidcTestClient;
  let adminToken: string;
  let directoryId: string;
  let accountId: string;
  let before: { access: string; refresh: string };
  /** By when her sessions were revoked (observed: her token already refused). */
  let revokedBy = 0;

  function tidings(args: string[], input = '') {
    const result = spawnSync(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: `sqlite:${databaseFile}`, PUBLIC_URL: oidc.baseUrl },
      input,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(0);
    return result.stdout;
  }

  const api = (method: string, path: string, token: string, body?: unknown) =>
    fetch(`${oidc.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** `/me` with this token answers `code` (or 200) within a few seconds: the bus is async. */
  async function meAnswers(token: string, expected: string): Promise<string> {
    let answer = '';
    for (let i = 0; i < 100 && answer !== expected; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      const me = await api('GET', '/me', token);
      answer = me.status === 200 ? '200' : ((await me.json()) as { code: string }).code;
    }
    return answer;
  }

  /**
   * A fresh authorization request in the browser context (which keeps its issuer session
   * cookie). Resolves to the login page, or — had the session been accepted silently — to
   * the callback.
   */
  async function authorize(page: Page) {
    const request = oidc.authorizationRequest();
    await page.goto(request.url);
    await page.waitForURL(
      (url) => url.pathname === '/auth/callback' || url.pathname.startsWith('/oidc/interaction/'),
    );
    return request;
  }

  /** Signs dora in on the page's login form and exchanges the code for tokens. */
  async function signIn(page: Page) {
    const { verifier } = await authorize(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/oidc\/interaction\//);
    await submitLogin(page, 'dora', PASSWORD);
    await page.waitForURL((url) => url.pathname === '/auth/callback');
    const exchange = await oidc.token({
      grant_type: 'authorization_code',
      code: new URL(page.url()).searchParams.get('code') ?? '',
      redirect_uri: oidc.redirectUri,
      code_verifier: verifier,
    });
    expect(exchange.status).toBe(200);
    return {
      access: exchange.body['access_token'] ?? '',
      refresh: exchange.body['refresh_token'] ?? '',
    };
  }

  beforeAll(async () => {
    const port = await freePort();
    oidc = new OidcTestClient(`http://127.0.0.1:${port}`);
    server = await startServer({
      DATABASE_URL: `sqlite:${databaseFile}`,
      PORT: String(port),
      PUBLIC_URL: oidc.baseUrl,
      KAFKA_BROKERS: '',
      TIDINGS_ADMIN_USERNAME: 'admin',
      TIDINGS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    });
    const created = tidings(
      ['user', 'create', '--username', 'dora', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    accountId = /\(id ([0-9a-f-]{36})\)/.exec(created)?.[1] ?? '';
    adminToken = tidings(['token', 'issue', '--username', 'admin', '--ttl', '30m']).trim();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
    });
    context = await browser.newContext({ locale: 'en-US' });
  });

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGINT');
    await server?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs dora in; the directory knows her as a local person', async () => {
    const person = await api('POST', '/directory/users', adminToken, {
      username: 'dora',
      displayName: 'Dora',
    });
    expect(person.status).toBe(201);
    directoryId = ((await person.json()) as { id: string }).id;

    const page = await context.newPage();
    before = await signIn(page);
    await page.close();
    const me = await api('GET', '/me', before.access);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ userId: accountId, username: 'dora' });
  });

  it('refuses her tokens, her refresh token, her session and her password once deactivated', async () => {
    const off = await api('POST', `/directory/users/${directoryId}/deactivate`, adminToken);
    expect(off.status).toBe(200);
    expect(await meAnswers(before.access, 'auth.user_deactivated')).toBe('auth.user_deactivated');
    revokedBy = Date.now();

    expect(
      await oidc.token({ grant_type: 'refresh_token', refresh_token: before.refresh }),
    ).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });

    // The browser still holds its issuer session: it must not sign her in silently.
    const page = await context.newPage();
    await authorize(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/oidc\/interaction\//);
    await submitLogin(page, 'dora', PASSWORD);
    expect(await page.locator('[role=alert]').textContent()).toBe(WRONG);
    await page.close();

    const revoked = identityOutbox(databaseFile, 'identity.session.revoked');
    expect(revoked.map((e) => e.data)).toEqual([
      { userId: accountId, sessionVersion: 1, reason: 'deactivated' },
    ]);
  });

  it('after reactivation, lets a new sign-in work while everything from before stays refused', async () => {
    const on = await api('POST', `/directory/users/${directoryId}/reactivate`, adminToken);
    expect(on.status).toBe(200);
    // Reactivated: the old token is no longer refused as deactivated, but as revoked.
    expect(await meAnswers(before.access, 'auth.session_revoked')).toBe('auth.session_revoked');
    expect(
      await oidc.token({ grant_type: 'refresh_token', refresh_token: before.refresh }),
    ).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });

    // Sign-ins carry whole seconds (JWT iat, the issuer's session time): one in the second of
    // the revocation counts as begun before it and is refused — on purpose, so nothing issued
    // just before a revocation survives it. A person signing in again starts after that second.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, (Math.floor(revokedBy / 1000) + 1) * 1000 - Date.now())),
    );
    // Same browser: its pre-deactivation session still asks for the password.
    const page = await context.newPage();
    const after = await signIn(page);
    await page.close();
    expect(await oidc.verifyAccessToken(after.access)).toMatchObject({ sub: accountId });
    expect((await api('GET', '/me', after.access)).status).toBe(200);
    const refreshed = await oidc.token({
      grant_type: 'refresh_token',
      refresh_token: after.refresh,
    });
    expect(refreshed.status).toBe(200);
    expect((await api('GET', '/me', refreshed.body['access_token'] ?? '')).status).toBe(200);

    expect(await meAnswers(before.access, 'auth.session_revoked')).toBe('auth.session_revoked');
    // Reactivation publishes no revocation of its own.
    expect(identityOutbox(databaseFile, 'identity.session.revoked')).toHaveLength(1);
  });
});
