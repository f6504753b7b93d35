import { mkdirSync } from 'node:fs';
import { privateLdap } from '@tidings/platform/testing';
import { Attribute, Change, Client } from 'ldapts';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, WebTestHost } from './web-host';
import { submitLogin } from './oidc-test-client';
import {
  describeViolations,
  freshPage,
  launchChromium,
  seriousViolations,
  signInAt,
} from './web-testing';

/**
 * The admin console and the directory screen against the built host and a slapd of this
 * file's own, in Chromium: an administrator connects the directory from the console (a failing
 * and a passing connection test, a dry run showing the diff, "sync now"), sees the synced
 * departments in the directory, manages a local person; a plain (LDAP) user is refused by the
 * console and by the API, finds a colleague in the directory and messages them. axe-core
 * checks the directory, the console and the chat screen.
 */
const SCREENSHOTS = 'docs/screenshots';
const FIXTURE_USERS = 20;
/** Everyone in the directory: the named users alice, bob and zhangwei, and the generated. */
const PEOPLE = FIXTURE_USERS + 3;

describe('the admin console and the directory in the browser', () => {
  const ldap = privateLdap({ name: 'web-admin', port: 13397, users: FIXTURE_USERS });
  let host: WebTestHost;
  let baseUrl: string;
  let browser: Browser;
  let adminToken: string;

  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${baseUrl}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });

  /** The directory's people whose username is exactly this (the search is by prefix). */
  async function findPerson(username: string) {
    const response = await api(`/directory/users?q=${encodeURIComponent(username)}`, adminToken);
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Array<{ id: string; username: string }> };
    return items.filter((person) => person.username === username);
  }

  /** Changes the directory as its administrator would (the sync account cannot write). */
  async function inDirectory(
    work: (client: Client, dnOf: (uid: string) => Promise<string>) => Promise<void>,
  ) {
    const client = new Client({ url: ldap.env['LDAP_URL'] ?? '' });
    await client.bind(
      ldap.env['LDAP_OPENLDAP_ADMIN_DN'] ?? '',
      ldap.env['LDAP_OPENLDAP_ADMIN_PASSWORD'],
    );
    const dnOf = async (uid: string) => {
      const { searchEntries } = await client.search(ldap.env['LDAP_OPENLDAP_BASE_DN'] ?? '', {
        filter: `(uid=${uid})`,
        attributes: ['dn'],
      });
      const dn = searchEntries[0]?.dn;
      if (!dn) throw new Error(`no ${uid} in the test directory`);
      return dn;
    };
    try {
      await work(client, dnOf);
    } finally {
      await client.unbind();
    }
  }

  /** An element's text without the template's surrounding whitespace. */
  const text = async (locator: Locator) => (await locator.textContent())?.trim() ?? null;

  async function expectAccessible(page: Page, screen: string) {
    const violations = await seriousViolations(page);
    expect(violations, `${screen}:\n${describeViolations(violations)}`).toEqual([]);
  }

  beforeAll(async () => {
    ldap.stop(true); // leftovers of an interrupted earlier run
    ldap.start();
    // No LDAP_* variables: the administrator connects the directory from the console.
    host = await WebTestHost.start();
    baseUrl = host.baseUrl;
    adminToken = host.adminToken;
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    ldap.stop(true);
  });

  it('an administrator connects LDAP: connection test, dry run with the diff, sync now, the tree', async () => {
    const page = await freshPage(browser);
    await signInAt(page, `${baseUrl}/admin`, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('admin-page').waitFor();

    // Before any sync the directory has no departments.
    await page.getByTestId('nav-directory').click();
    await page.getByTestId('department-tree-empty').waitFor();
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-nav-directory-sync').click();
    await page.getByTestId('ldap-not-configured').waitFor();

    const env = ldap.env;
    await page.getByTestId('ldap-url').fill(env['LDAP_URL'] ?? '');
    await page.getByTestId('ldap-bindDn').fill(env['LDAP_OPENLDAP_BIND_DN'] ?? '');
    await page.getByTestId('ldap-baseDn').fill(env['LDAP_OPENLDAP_BASE_DN'] ?? '');
    await page.getByTestId('ldap-syncIntervalMinutes').fill('0'); // no scheduled run mid-test

    // A wrong password: the test says the server refused the account, and nothing is stored.
    await page.getByTestId('ldap-bindPassword').fill('not-the-password');
    await page.getByTestId('ldap-test').click();
    await expect
      .poll(() => page.getByTestId('ldap-test-error').textContent())
      .toContain('The server refused the service account.');
    const untouched = await api('/directory/ldap-settings', adminToken);
    expect(await untouched.json()).toMatchObject({ configured: false });

    await page.getByTestId('ldap-bindPassword').fill(env['LDAP_OPENLDAP_BIND_PASSWORD'] ?? '');
    await page.getByTestId('ldap-test').click();
    await expect
      .poll(() => page.getByTestId('ldap-test-result').textContent())
      .toContain(`Connected. Sample: ${PEOPLE} people, 9 groups`);
    await page.getByTestId('ldap-save').click();
    await page.getByTestId('ldap-saved').waitFor();
    const saved = await api('/directory/ldap-settings', adminToken);
    expect(await saved.json()).toMatchObject({
      complete: true,
      url: env['LDAP_URL'],
      bindPasswordSet: true,
      syncIntervalMinutes: 0,
    });

    // Dry run: the diff lists everyone as an add, and nothing is written.
    await page.getByTestId('sync-dry-run').click();
    await expect
      .poll(() => page.getByTestId('sync-result').getAttribute('data-status'))
      .toBe('succeeded');
    const adds = page.locator('[data-testid=diff-row][data-kind=create]');
    expect(await adds.count()).toBe(PEOPLE);
    const alice = adds.filter({ hasText: 'alice' });
    expect(await alice.textContent()).toContain('Alice Wang');
    expect(await alice.textContent()).toContain('研发中心 › 平台部 › 基础架构组');
    expect(await text(page.locator('[data-testid=diff-summary] [data-kind=create]'))).toBe(
      `Add: ${PEOPLE}`,
    );
    expect(await findPerson('alice')).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/admin-sync-en.png`, fullPage: true });

    // Sync now: it succeeds, both runs are reported, the report has the counts.
    await page.getByTestId('sync-now').click();
    await expect
      .poll(() => page.getByTestId('sync-result').textContent())
      .toContain('Sync finished: succeeded.');
    expect(await findPerson('alice')).toHaveLength(1);
    const runs = page.getByTestId('sync-run');
    await expect.poll(() => runs.count()).toBe(2);
    expect(await runs.first().getAttribute('data-dry-run')).toBe('false');
    expect(await runs.nth(1).getAttribute('data-dry-run')).toBe('true');
    await runs.first().getByTestId('sync-run-details').click();
    const report = page.getByTestId('sync-run-report');
    expect(await text(report.locator('[data-count=created]'))).toBe(`added: ${PEOPLE}`);
    await expectAccessible(page, 'admin console, directory sync');

    // A second dry run finds nothing to change.
    await page.getByTestId('sync-dry-run').click();
    await page.getByTestId('diff-empty').waitFor();

    // The directory changes: a new title, a move to another department, someone leaves.
    await inDirectory(async (client, dnOf) => {
      await client.modify(await dnOf('bob'), [
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'title', values: ['Head of EMEA'] }),
        }),
      ]);
      const moving = await dnOf('user0003');
      await client.modifyDN(moving, `uid=user0003,ou=市场部,ou=people,dc=example,dc=com`);
      await client.del(await dnOf('user0005'));
    });
    await page.getByTestId('sync-dry-run').click();
    await page.getByTestId('sync-diff').waitFor();
    const diff = page.getByTestId('diff-row');
    expect(await diff.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')))).toEqual([
      'update',
      'move',
      'deactivate',
    ]);
    expect(await text(diff.nth(0))).toMatch(/Update\s*bob\s*Bob Miller\s*title/);
    expect(await text(diff.nth(1))).toContain('people › Sales › APAC → people › 市场部');
    expect(await text(diff.nth(2))).toMatch(/Deactivate\s*user0005.*gone from the directory/);
    await page.screenshot({ path: `${SCREENSHOTS}/admin-sync-diff-en.png`, fullPage: true });
    await page.getByTestId('sync-now').click();
    await expect
      .poll(() => page.getByTestId('sync-result').textContent())
      .toContain('Sync finished: succeeded.');
    expect(await findPerson('user0005')).toEqual([]);

    // The directory now shows the synced departments; the keyboard walks the tree.
    await page.getByTestId('nav-directory').click();
    const tree = page.getByTestId('department-tree');
    await tree.waitFor();
    // The base DN is the suffix, so the OU 'people' that holds everyone is the one top level.
    const row = (name: string) => page.locator(`[role=treeitem]:has(.name:text-is("${name}"))`);
    const top = page.locator('[role=treeitem][aria-level="1"]');
    await top.first().waitFor();
    expect(await top.locator('.name').allTextContents()).toEqual(['people']);
    await top.first().focus();
    await expect.poll(() => top.first().getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('ArrowRight'); // opens it
    await expect.poll(() => top.first().getAttribute('aria-expanded')).toBe('true');
    const second = page.locator('[role=treeitem][aria-level="2"] .name');
    await expect
      .poll(() => second.allTextContents())
      .toEqual(expect.arrayContaining(['Sales', '研发中心']));
    await page.keyboard.press('ArrowRight'); // steps into its first child
    await page.keyboard.press('End'); // the last row
    await page.keyboard.press('Enter'); // selects it
    const selected = page.locator('[role=treeitem][aria-selected=true]');
    await expect.poll(() => selected.getAttribute('aria-level')).toBe('2');
    const last = await text(second.last());
    await expect.poll(() => text(selected.locator('.name'))).toBe(last);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowLeft'); // closes the top level again
    await expect.poll(() => top.first().getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('ArrowRight');

    await row('研发中心').click(); // opens it and lists everyone in its subtree
    await expect.poll(() => row('研发中心').getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => row('平台部').getAttribute('aria-level')).toBe('3');
    await expect.poll(() => page.getByTestId('person').count()).toBeGreaterThan(0);
    expect(await text(page.getByTestId('people-heading'))).toBe('people › 研发中心');
    await page.getByTestId('person').filter({ hasText: 'Alice Wang' }).click();
    const card = page.getByTestId('profile-card');
    expect(await card.getByTestId('profile-department').textContent()).toContain(
      '研发中心 › 平台部 › 基础架构组',
    );
    expect(await text(card.getByTestId('profile-email'))).toBe('alice@example.com');
    await expect
      .poll(() => card.getByTestId('profile-presence').textContent())
      .toContain('Offline');
    await expectAccessible(page, 'directory');
    await page.screenshot({ path: `${SCREENSHOTS}/directory-en.png` });

    await page.getByTestId('language-switch').selectOption('zh-CN');
    expect(await page.getByTestId('profile-message').textContent()).toContain('发消息');
    await page.screenshot({ path: `${SCREENSHOTS}/directory-zh-CN.png` });
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-nav-directory-sync').click();
    await page.getByTestId('sync-run').first().waitFor();
    expect(await page.getByTestId('sync-now').textContent()).toContain('立即同步');
    await page.screenshot({ path: `${SCREENSHOTS}/admin-sync-zh-CN.png`, fullPage: true });
    await page.getByTestId('language-switch').selectOption('en');
    await page.context().close();
  });

  it('an administrator creates, deactivates and reactivates a local person', async () => {
    const page = await freshPage(browser);
    await signInAt(page, `${baseUrl}/admin`, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('admin-nav-users').click();

    // Bad input gets a clear message and no request.
    await page.getByTestId('new-user-username').fill('.bad name');
    await page.getByTestId('new-user-create').click();
    const problems = await page.getByTestId('new-user-problems').textContent();
    expect(problems).toContain('letters, digits and . _ @ - only');
    expect(problems).toContain('Enter a display name.');

    await page.getByTestId('new-user-username').fill('desk.helper');
    await page.getByTestId('new-user-display-name').fill('Desk Helper');
    await page.getByTestId('new-user-title').fill('Service desk');
    await page.getByTestId('new-user-create').click();
    await expect
      .poll(() => text(page.getByTestId('admin-users-notice')))
      .toBe('Created Desk Helper (@desk.helper).');
    expect(await findPerson('desk.helper')).toHaveLength(1);

    // A second one with the same name is refused by the server, and the page says why.
    await page.getByTestId('new-user-username').fill('desk.helper');
    await page.getByTestId('new-user-display-name').fill('Someone Else');
    await page.getByTestId('new-user-create').click();
    await expect.poll(() => page.getByTestId('admin-users-error').textContent()).toContain('taken');

    const row = page.locator('[data-testid=admin-user][data-username="desk.helper"]');
    await row.getByTestId('admin-user-deactivate').click();
    await expect.poll(() => text(row.getByTestId('admin-user-status'))).toBe('Deactivated');
    expect(await findPerson('desk.helper')).toEqual([]); // search shows active people only
    await row.getByTestId('admin-user-reactivate').click();
    await expect.poll(() => text(row.getByTestId('admin-user-status'))).toBe('Active');
    expect(await findPerson('desk.helper')).toHaveLength(1);

    // LDAP people follow the directory: no status buttons for them.
    await page.getByTestId('admin-users-query').fill('alice');
    await page.getByTestId('admin-users-find').click();
    const alice = page.locator('[data-testid=admin-user][data-username=alice]');
    await alice.waitFor();
    expect(await alice.textContent()).toContain('Follows the directory');
    expect(await alice.getByTestId('admin-user-deactivate').count()).toBe(0);
    // Nor a password: the directory checks theirs.
    expect(await alice.getByTestId('admin-user-password').count()).toBe(0);
    await expectAccessible(page, 'admin console, users');
    await page.screenshot({ path: `${SCREENSHOTS}/admin-users-en.png`, fullPage: true });
    await page.context().close();
  });

  it('an administrator gives a new local person a generated password, then resets it', async () => {
    const page = await freshPage(browser);
    await signInAt(page, `${baseUrl}/admin`, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('admin-nav-users').click();
    await page.getByTestId('new-user-username').fill('mei.lin');
    await page.getByTestId('new-user-display-name').fill('Mei Lin');
    await page.getByTestId('new-user-create').click();

    // The console offers the password right after creating her; "generate" is the default.
    const panel = page.getByTestId('admin-password-panel');
    await panel.waitFor();
    expect(await text(panel.locator('h3'))).toBe('Sign-in password for Mei Lin (@mei.lin)');
    await panel.getByTestId('admin-password-submit').click();
    const shown = panel.getByTestId('admin-password-generated');
    await shown.waitFor();
    const generated = (await text(shown)) ?? '';
    expect(generated).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(await panel.textContent()).toContain('it will not be shown again');
    await expectAccessible(page, 'admin console, generated password');
    await page.screenshot({ path: `${SCREENSHOTS}/admin-password-en.png`, fullPage: true });
    await panel.getByTestId('admin-password-done').click();
    await expect
      .poll(() => text(page.getByTestId('admin-users-notice')))
      .toBe('Mei Lin can now sign in as mei.lin.');
    expect(await panel.count()).toBe(0); // gone, and the password with it
    expect(await page.content()).not.toContain(generated);

    // She signs in with it in a browser of her own.
    const meiPage = await freshPage(browser);
    const meiToken = await signInAt(meiPage, `${baseUrl}/`, 'mei.lin', generated);
    const me = await api('/me', meiToken);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'mei.lin' });

    // The administrator resets it, typing a new one (twice, alike).
    await page.getByTestId('admin-users-query').fill('mei.lin');
    await page.getByTestId('admin-users-find').click();
    const row = page.locator('[data-testid=admin-user][data-username="mei.lin"]');
    await row.getByTestId('admin-user-password').click();
    await panel.getByTestId('admin-password-mode-type').check();
    await panel.getByTestId('admin-password-new').fill('mei-second-password');
    await panel.getByTestId('admin-password-confirm').fill('mei-second-passw0rd');
    await panel.getByTestId('admin-password-submit').click();
    expect(await text(panel.getByTestId('admin-password-problems'))).toBe(
      'The two passwords differ.',
    );
    await panel.getByTestId('admin-password-confirm').fill('mei-second-password');
    await panel.getByTestId('admin-password-submit').click();
    await expect
      .poll(() => text(page.getByTestId('admin-users-notice')))
      .toBe('The password of Mei Lin is reset; they are signed out everywhere.');
    expect(await panel.count()).toBe(0);

    // Her old session is over, the old password refused, the new one accepted.
    const after = await api('/me', meiToken);
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ code: 'auth.session_revoked' });
    await meiPage.context().close();
    const again = await freshPage(browser);
    await again.goto(`${baseUrl}/`);
    await again.getByTestId('sign-in').click();
    await again.locator('form input[name=username]').waitFor();
    await submitLogin(again, 'mei.lin', generated);
    expect(await text(again.locator('[role=alert]'))).toBe('Wrong username or password.');
    await again.context().close();
    const fresh = await freshPage(browser);
    const newToken = await signInAt(fresh, `${baseUrl}/`, 'mei.lin', 'mei-second-password');
    expect((await api('/me', newToken)).status).toBe(200);
    await fresh.context().close();

    // An LDAP person's password is the directory's: the API refuses to set one.
    const refused = await api('/users/by-username/alice/password', adminToken, {
      method: 'PUT',
      body: JSON.stringify({ generate: true }),
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'identity.account.directory_managed' });
    await page.context().close();
  });

  it('a plain user is refused by the console and by the API', async () => {
    const page = await freshPage(browser);
    const token = await signInAt(page, `${baseUrl}/admin`, 'alice', 'alice-password');
    const refused = page.getByTestId('admin-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('only for administrators');
    expect(await page.getByTestId('admin-page').count()).toBe(0);
    expect(await page.getByTestId('nav-admin').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('ldap-settings').count()).toBe(0);
    await expectAccessible(page, 'admin console, refused');
    // The check can fail: an image without a text alternative is a critical violation.
    await page.evaluate(`document.querySelector('main').append(document.createElement('img'))`);
    expect((await seriousViolations(page)).map((v) => v.id)).toContain('image-alt');

    for (const [method, path] of [
      ['GET', '/directory/sync-runs'],
      ['POST', '/directory/sync-runs'],
      ['GET', '/directory/ldap-settings'],
      ['POST', '/directory/ldap-settings/test'],
      ['POST', '/directory/users'],
      ['PUT', '/users/by-username/bob/password'],
    ] as const) {
      const response = await api(path, token, {
        method,
        ...(method === 'GET' ? {} : { body: '{}' }),
      });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    // Her token is good for what she may do.
    expect((await api('/directory/org-units', token)).status).toBe(200);
    await page.context().close();
  });

  it('a person finds a colleague in the directory and messages them', async () => {
    // Bob has the chat open (its socket makes him online); Alice opens the directory.
    const bobPage = await freshPage(browser);
    await signInAt(bobPage, `${baseUrl}/`, 'bob', 'bob-password');
    const page = await freshPage(browser);
    const token = await signInAt(page, `${baseUrl}/directory`, 'alice', 'alice-password');
    const [bobPerson] = await findPerson('bob');
    const bobState = async () => {
      const response = await api('/presence/subscriptions', token, {
        method: 'POST',
        body: JSON.stringify({ userIds: [bobPerson?.id] }),
      });
      const { users } = (await response.json()) as { users: Array<{ state: string }> };
      return users[0]?.state;
    };
    await expect.poll(bobState, { timeout: 15_000 }).toBe('online');

    await page.getByTestId('people-search').fill('bob');
    const bob = page.getByTestId('person').filter({ hasText: 'Bob Miller' });
    await bob.waitFor();
    expect(await text(page.getByTestId('people-heading'))).toBe('Results for “bob”');
    await bob.click();
    const card = page.getByTestId('profile-card');
    expect(await card.getByTestId('profile-name').textContent()).toContain('Bob Miller');
    expect(await card.getByTestId('profile-department').textContent()).toContain('Sales › EMEA');
    await expect.poll(() => text(card.getByTestId('profile-presence'))).toBe('Online');
    await card.getByTestId('profile-message').click();
    await page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
    const conversationId = new URL(page.url()).pathname.split('/').at(-1);

    // Opening it again finds the same conversation rather than a second one.
    await page.goBack(); // in the app: no reload, so still signed in
    await page.getByTestId('people-search').waitFor();
    await page.getByTestId('people-search').fill('bob');
    await page.getByTestId('person').filter({ hasText: 'Bob Miller' }).click();
    await page.getByTestId('profile-message').click();
    await page.waitForURL(`${baseUrl}/c/${conversationId}`);

    // The chat screen is checked too; what axe finds there belongs to the chat's owners.
    await page.getByTestId('composer-input').waitFor();
    const chat = await seriousViolations(page);
    console.log(
      `axe on the chat screen: ${chat.length} serious/critical\n${describeViolations(chat)}`,
    );
    await page.context().close();
    await bobPage.context().close();
  });
});
