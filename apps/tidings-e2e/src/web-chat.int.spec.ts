import { mkdirSync } from 'node:fs';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
  type WebSocketRoute,
} from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitLogin } from './oidc-test-client';
import { WebTestHost, type Person } from './web-host';

/**
 * The Angular web client against the built host, in Debian's Chromium: two people sign in
 * through the built-in issuer's login page (authorization code + PKCE, done by the SPA),
 * one writes in a channel, the other sees it arrive live with a badge, in two languages.
 */
const SCREENSHOTS = 'docs/screenshots';

describe('the web client', () => {
  let host: WebTestHost;
  const people: Record<'alice' | 'bob', Person> = {} as Record<'alice' | 'bob', Person>;
  let baseUrl: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Set by the chat test, used by the resume test after it. */
  const shared = { aliceToken: '', channelId: '' };

  /**
   * Signs in through the UI like a person: the SPA's button, the issuer's form, back to the
   * app. Returns the access token the SPA then uses (read off its first API request).
   */
  async function signIn(
    username: keyof typeof people,
    page?: Page,
  ): Promise<{ page: Page; token: string }> {
    page ??= await newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('sign-in').click();
    await page.locator('form input[name=username]').waitFor();
    const firstApiCall = page.waitForRequest((r) => r.url().includes('/api/v1/conversations'));
    await submitLogin(page, username, people[username].password);
    const token = (await firstApiCall).headers()['authorization']?.replace(/^Bearer /, '') ?? '';
    await page.waitForURL(`${baseUrl}/`);
    await expect.poll(() => page.getByTestId('me').textContent()).not.toBe('');
    return { page, token };
  }

  /** A page in a browser context of its own: its own cookies, so its own person. */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 1100, height: 700 },
    });
    contexts.push(context);
    return context.newPage();
  }

  beforeAll(async () => {
    host = await WebTestHost.start();
    baseUrl = host.baseUrl;
    people.alice = await host.person('alice', 'Alice Liddell');
    people.bob = await host.person('bob', 'Bob Builder');
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
    });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await host?.stop();
  });

  it('serves the client at / and for its own routes, and keeps the API’s 404s', async () => {
    for (const path of ['/', '/auth/callback', '/c/some-conversation']) {
      const response = await fetch(`${baseUrl}${path}`);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toContain('<td-root');
    }
    for (const path of ['/api/v1/no-such-route', '/no-such-file.js']) {
      const response = await fetch(`${baseUrl}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toContain('application/problem+json');
    }
    const config = await fetch(`${baseUrl}/api/v1/system/web-client`);
    expect(await config.json()).toEqual({
      issuer: `${baseUrl}/oidc`,
      clientId: 'tidings-web',
      audience: 'tidings-api',
    });
  });

  it('signs two people in, delivers a message live with a badge, and switches language', async () => {
    const alice = await signIn('alice');
    const bob = await signIn('bob');
    expect(await alice.page.getByTestId('me').textContent()).toBe('Alice Liddell');

    // Alice makes a channel with Bob over REST, with the token her browser signed in with.
    // Messaging learns people from the directory's events (async bus): retry until it knows Bob.
    const createChannel = () =>
      fetch(`${baseUrl}/api/v1/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'channel',
          visibility: 'private',
          name: 'launch',
          memberIds: [people.bob.id],
        }),
      });
    let created = await createChannel();
    for (let attempt = 0; created.status === 404 && attempt < 50; attempt++) {
      await new Promise((r) => setTimeout(r, 100));
      created = await createChannel();
    }
    expect(created.status, await created.clone().text()).toBe(201);
    const channel = (await created.json()) as { id: string };
    shared.aliceToken = alice.token;
    shared.channelId = channel.id;

    // Both sidebars learn of it live (messaging.conversation.created over /ws).
    const aliceLink = alice.page.getByTestId('conversation').filter({ hasText: '# launch' });
    const bobLink = bob.page.getByTestId('conversation').filter({ hasText: '# launch' });
    await aliceLink.waitFor();
    await bobLink.waitFor();

    await aliceLink.click();
    await alice.page.waitForURL(`${baseUrl}/c/${channel.id}`);
    const text = 'Hello Bob <img src=x onerror=alert(1)> — 你好';
    await alice.page.getByTestId('composer-input').fill(text);
    await alice.page.keyboard.press('Enter');
    const aliceMessage = alice.page.getByTestId('message').filter({ hasText: 'Hello Bob' });
    await expect.poll(() => aliceMessage.getAttribute('data-status')).toBe('sent');
    expect(await aliceMessage.count()).toBe(1); // the POST answer and the event are one message

    // Bob, looking elsewhere, gets the unread badge live …
    await expect.poll(() => bobLink.getByTestId('unread-badge').textContent()).toBe('1');
    // … and opening the channel shows the message as text, and clears the badge.
    await bobLink.click();
    const bobMessage = bob.page.getByTestId('message-text').filter({ hasText: 'Hello Bob' });
    await expect.poll(() => bobMessage.textContent()).toBe(text);
    expect(await bob.page.locator('.messages img').count()).toBe(0); // markup stayed text
    expect(await bobLink.getByTestId('unread-badge').count()).toBe(0);
    expect(
      await bob.page
        .getByTestId('message')
        .filter({ hasText: 'Hello Bob' })
        .locator('.sender')
        .textContent(),
    ).toBe('Alice Liddell');

    // A reply from Bob reaches Alice's open conversation live.
    await bob.page.getByTestId('composer-input').fill('Hi Alice!');
    await bob.page.getByTestId('composer-send').click();
    await alice.page.getByTestId('message-text').filter({ hasText: 'Hi Alice!' }).waitFor();
    await bob.page
      .locator('[data-testid=message][data-status=sent]')
      .filter({ hasText: 'Hi Alice!' })
      .waitFor();
    await bob.page.screenshot({ path: `${SCREENSHOTS}/chat-en.png` });

    await bob.page.getByTestId('language-switch').selectOption('zh-CN');
    expect(await bob.page.getByTestId('composer-send').textContent()).toContain('发送');
    expect(await bob.page.locator('.sidebar h2').textContent()).toBe('会话');
    expect(await bob.page.getByTestId('sign-out').textContent()).toContain('退出登录');
    expect(await bob.page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await bob.page.screenshot({ path: `${SCREENSHOTS}/chat-zh-CN.png` });
  });

  it('resumes after the connection drops: missed messages arrive once, in order', async () => {
    // Bob's socket goes through a Playwright WebSocket route, so the test can cut it and
    // refuse reconnects for a while, like a network outage, while Alice keeps writing.
    let offline = false;
    const urls: string[] = [];
    const links: Array<{ page: WebSocketRoute; server: WebSocketRoute }> = [];
    const page = await newPage();
    await page.routeWebSocket(/\/ws(\?|$)/, (ws) => {
      urls.push(ws.url());
      if (offline) return void ws.close({ code: 4000, reason: 'test: offline' });
      links.push({ page: ws, server: ws.connectToServer() });
    });
    const bob = await signIn('bob', page);
    await bob.page.getByTestId('conversation').filter({ hasText: '# launch' }).click();
    await bob.page.getByTestId('message-text').filter({ hasText: 'Hi Alice!' }).waitFor();
    await bob.page.getByTestId('me').waitFor();
    await expect.poll(() => bob.page.getByRole('status').count()).toBe(0); // connected

    offline = true;
    for (const link of links) {
      await link.server.close();
      await link.page.close({ code: 4000, reason: 'test: cut' });
    }
    await bob.page.getByRole('status').filter({ hasText: 'Connecting' }).waitFor();
    for (const n of [1, 2, 3]) {
      const sent = await fetch(`${baseUrl}/api/v1/conversations/${shared.channelId}/messages`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${shared.aliceToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ text: `While you were away ${n}` }),
      });
      expect(sent.status).toBe(201);
    }
    offline = false;

    const missed = bob.page.getByTestId('message-text').filter({ hasText: 'While you were away' });
    await expect.poll(() => missed.count(), { timeout: 15_000 }).toBe(3);
    expect(await missed.allTextContents()).toEqual([
      'While you were away 1',
      'While you were away 2',
      'While you were away 3',
    ]);
    expect(urls.at(-1)).toMatch(/[?&]lastSeq=\d+/); // it resumed rather than started afresh
    await new Promise((r) => setTimeout(r, 300));
    expect(await missed.count()).toBe(3); // and nothing came twice
  });

  it('signs out at the issuer: signing in again asks for the password', async () => {
    const { page } = await signIn('alice');
    await page.getByTestId('sign-out').click();
    await page.click('button[name=logout]'); // the issuer's "sign out?" confirmation
    await page.waitForURL(`${baseUrl}/`);
    await page.getByTestId('sign-in').click();
    await page.locator('form input[name=username]').waitFor(); // no silent sign-in: session gone
  });
});
