import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceEnv } from '@tidings/platform/testing';
import { Attribute, Change, Client } from 'ldapts';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOutbox, OidcTestClient, submitLogin } from './oidc-test-client';
import { CLI, freePort, startServer, type RunningServer } from './server-process';

/**
 * Sign-in by LDAP bind at the built-in issuer, end to end: the built host with the
 * AD-shaped directory of the test slapd, a directory sync, Chromium on the login form, the
 * token on the API — then the person disabled in the directory, the next sync, and their
 * token and password both refused.
 *
 * The person is this suite's own, in an OU of its own that is removed afterwards: the shared
 * fixture users stay untouched. Other suites count every `user` of dc=corp,dc=example (and
 * its disabled ones) while this one may be running, so the entry is an inetOrgPerson carrying
 * AD's attributes (sAMAccountName, objectGUID, userAccountControl) rather than a `user`: the
 * host reads it with the active-directory preset, its base DN narrowed to the OU and its user
 * filter to that object class — the fixture's own filters never see it.
 */
const SCREENSHOTS = 'tmp/screenshots';
const WRONG = 'Wrong username or password.';
const UNAVAILABLE =
  'The company directory cannot be reached, so your password cannot be checked right now. Try again in a few minutes.';
const ADMIN_PASSWORD = 'ldap-login-admin-password';

describe('signing in with an LDAP password at the built-in issuer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-ldap-login-'));
  const databaseFile = join(dir, 'tidings.db');
  const suffix = randomBytes(4).toString('hex');
  const sam = `ldap.login.${suffix}`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  let ou: string;
  let personDn: string;
  let ldapVars: Record<string, string>;
  let server: RunningServer;
  let browser: Browser;
  let oidc: OidcTestClient;
  let adminToken: string;
  let accessToken: string;
  let directoryUserId: string;

  /** A connection as the directory's administrator (the only one who may write). */
  async function asDirectoryAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ url: ldapVars['LDAP_URL'] ?? '', timeout: 10_000 });
    try {
      await client.bind(ldapVars['LDAP_AD_ADMIN_DN'] ?? '', ldapVars['LDAP_AD_ADMIN_PASSWORD']);
      return await work(client);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${oidc.baseUrl}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });

  async function sync(): Promise<{ status: string }> {
    const response = await api('/directory/sync-runs', adminToken, { method: 'POST', body: '{}' });
    expect(response.status).toBe(201);
    return ((await response.json()) as { run: { status: string } }).run;
  }

  /** Opens the login page of a fresh authorization request, signs in, returns the outcome. */
  async function signIn(page: Page, username: string, secret: string) {
    const request = oidc.authorizationRequest();
    await page.goto(request.url);
    await submitLogin(page, username, secret);
    return request;
  }

  beforeAll(async () => {
    ldapVars = serviceEnv('scripts/services/ldap.sh');
    ou = `ou=ldap-login-${suffix},${ldapVars['LDAP_AD_BASE_DN']}`;
    personDn = `cn=LDAP Login ${suffix},${ou}`;
    const salt = randomBytes(8);
    const digest = createHash('sha1').update(password).update(salt).digest();
    await asDirectoryAdmin(async (client) => {
      await client.add(ou, {
        objectClass: ['top', 'organizationalUnit'],
        ou: `ldap-login-${suffix}`,
      });
      await client.add(personDn, [
        new Attribute({
          type: 'objectClass',
          values: ['top', 'person', 'organizationalPerson', 'inetOrgPerson', 'extensibleObject'],
        }),
        new Attribute({ type: 'cn', values: [`LDAP Login ${suffix}`] }),
        new Attribute({ type: 'sn', values: ['Login'] }),
        new Attribute({ type: 'displayName', values: ['Lin Login'] }),
        new Attribute({ type: 'mail', values: [`${sam}@corp.example`] }),
        new Attribute({ type: 'sAMAccountName', values: [sam] }),
        new Attribute({ type: 'objectGUID', values: [randomBytes(16)] }),
        new Attribute({ type: 'userAccountControl', values: ['512'] }),
        new Attribute({
          type: 'userPassword',
          values: [`{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`],
        }),
      ]);
    });

    const port = await freePort();
    oidc = new OidcTestClient(`http://127.0.0.1:${port}`);
    server = await startServer({
      DATABASE_URL: `sqlite:${databaseFile}`,
      PORT: String(port),
      PUBLIC_URL: oidc.baseUrl,
      KAFKA_BROKERS: '',
      TIDINGS_ADMIN_USERNAME: 'admin',
      TIDINGS_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LDAP_URL: ldapVars['LDAP_URL'] ?? '',
      LDAP_PRESET: 'active-directory',
      LDAP_BASE_DN: ou,
      LDAP_BIND_DN: ldapVars['LDAP_AD_BIND_DN'] ?? '',
      LDAP_BIND_PASSWORD: ldapVars['LDAP_AD_BIND_PASSWORD'] ?? '',
      LDAP_USER_FILTER: '(&(objectClass=inetOrgPerson)(sAMAccountName=*))',
    });
    const issued = spawnSync(
      process.execPath,
      [CLI, 'token', 'issue', '--username', 'admin', '--ttl', '30m'],
      {
        env: { ...process.env, DATABASE_URL: `sqlite:${databaseFile}`, PUBLIC_URL: oidc.baseUrl },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(issued.status, issued.stderr).toBe(0);
    adminToken = issued.stdout.trim();
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
    if (ldapVars && ou) {
      await asDirectoryAdmin(async (client) => {
        await client.del(personDn).catch(() => undefined);
        await client.del(ou).catch(() => undefined);
      });
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in a synced directory user with their LDAP password; /me names that user', async () => {
    // Count names belong to the sync's report format; what matters here is the effect.
    expect(await sync()).toMatchObject({ status: 'succeeded' });
    const found = await api(`/directory/users?q=${encodeURIComponent(sam)}`, adminToken);
    const items = ((await found.json()) as { items: Array<{ id: string; username: string }> })
      .items;
    expect(items.map((u) => u.username)).toEqual([sam]);
    directoryUserId = items[0]?.id ?? '';

    const page = await browser.newPage({ locale: 'en-US' });
    await signIn(page, sam, 'not-the-ldap-password');
    expect(await page.locator('[role=alert]').textContent()).toBe(WRONG);

    const { verifier } = await signIn(page, sam.toUpperCase(), password);
    await page.waitForURL((url) => url.pathname === '/auth/callback');
    const code = new URL(page.url()).searchParams.get('code') ?? '';
    const exchange = await oidc.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: oidc.redirectUri,
      code_verifier: verifier,
    });
    expect(exchange.status).toBe(200);
    accessToken = exchange.body['access_token'] ?? '';
    expect(await oidc.verifyAccessToken(accessToken)).toMatchObject({
      sub: directoryUserId,
      preferred_username: sam,
      roles: ['user'],
    });
    const me = await api('/me', accessToken);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ userId: directoryUserId, username: sam, kind: 'user' });
    await page.close();

    expect(identityOutbox(databaseFile, 'identity.login.succeeded').at(-1)?.data).toMatchObject({
      userId: directoryUserId,
      username: sam,
      method: 'ldap',
    });
    const everything = JSON.stringify(identityOutbox(databaseFile, 'identity.'));
    expect(everything).not.toContain(password);
    expect(server.output()).not.toContain(password);
  });

  it('revokes the sessions of a user disabled in the directory and refuses their password', async () => {
    await asDirectoryAdmin((client) =>
      client.modify(
        personDn,
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'userAccountControl', values: ['514'] }),
        }),
      ),
    );
    expect(await sync()).toMatchObject({ status: 'succeeded' });
    const person = await api(`/directory/users/${directoryUserId}`, adminToken);
    expect(await person.json()).toMatchObject({ username: sam, status: 'deactivated' });

    // Deactivation reaches identity over the bus: wait for it, briefly.
    let refused: Response | undefined;
    for (let i = 0; i < 100 && !refused; i++) {
      const me = await api('/me', accessToken);
      if (me.status === 401) refused = me;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(refused?.status).toBe(401);
    expect(await refused?.json()).toMatchObject({ code: 'auth.user_deactivated' });
    expect(identityOutbox(databaseFile, 'identity.session.revoked').at(-1)?.data).toMatchObject({
      userId: directoryUserId,
      reason: 'deactivated',
    });

    const page = await browser.newPage({ locale: 'en-US' });
    await signIn(page, sam, password);
    expect(await page.locator('[role=alert]').textContent()).toBe(WRONG);
    expect(new URL(page.url()).pathname).toMatch(/^\/oidc\/interaction\//);
    await page.close();
  });

  it('says so when the directory cannot be reached, without counting it as a wrong password', async () => {
    const port = await freePort();
    const unreachable = new OidcTestClient(`http://127.0.0.1:${port}`);
    const down = await startServer({
      DATABASE_URL: `sqlite:${join(dir, 'down.db')}`,
      PORT: String(port),
      PUBLIC_URL: unreachable.baseUrl,
      KAFKA_BROKERS: '',
      LDAP_URL: `ldap://127.0.0.1:${await freePort()}`, // nothing listens there
      LDAP_PRESET: 'active-directory',
      LDAP_BASE_DN: ou,
      LDAP_BIND_DN: ldapVars['LDAP_AD_BIND_DN'] ?? '',
      LDAP_BIND_PASSWORD: ldapVars['LDAP_AD_BIND_PASSWORD'] ?? '',
      LDAP_TIMEOUT_MS: '2000',
    });
    try {
      const page = await browser.newPage({ locale: 'en-US' });
      await page.goto(unreachable.authorizationRequest().url);
      for (let attempt = 1; attempt <= 6; attempt++) {
        const answer = page.waitForResponse((r) => r.request().method() === 'POST');
        await submitLogin(page, sam, password);
        expect((await answer).status()).toBe(503);
        // Six tries, still no lock: an outage is nobody's wrong password.
        expect(await page.locator('[role=alert]').textContent()).toBe(UNAVAILABLE);
      }
      await page.screenshot({ path: `${SCREENSHOTS}/login-ldap-unavailable-en.png` });
      await page.close();
      expect(down.output()).toMatch(/directory unavailable/);
      expect(down.output()).not.toContain(password);
    } finally {
      down.child.kill('SIGINT');
      await down.exited;
    }
  });
});
