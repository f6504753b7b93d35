import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebTestHost, type Person } from './web-host';
import { launchChromium, signInAt } from './web-testing';

/**
 * The web client's finding and settling-in tools against the built host, in Chromium: search
 * with marked snippets that open the message in its conversation, the Ctrl+K quick switcher,
 * desktop notifications for direct messages and mentions — quiet when muted or in
 * do-not-disturb — and the theme.
 */
/** How long a live delivery may take on a loaded CI machine before a poll gives up. */
const LIVE = { timeout: 15_000 };

describe('the web client: search, quick switcher, notifications, theme', () => {
  let host: WebTestHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let alice: Person;
  let bob: Person;
  const tokens: Record<string, string> = {};
  let channelId = '';
  let directId = '';
  const api = (token: string, method: string, path: string, body?: unknown) =>
    host.api(token, method, path, body);

  /** What the page's Notification recorded (the browser's own is replaced by a recorder). */
  const notes = () =>
    page.evaluate('window.__notes') as Promise<Array<{ title: string; body: string }>>;

  beforeAll(async () => {
    host = await WebTestHost.start();
    alice = await host.person('alice', 'Alice Liddell');
    bob = await host.person('bob', 'Bob Builder');
    tokens['alice'] = host.token('alice');
    tokens['bob'] = host.token('bob');
    channelId = await host.conversation(tokens['alice'], {
      kind: 'channel',
      visibility: 'private',
      name: 'release-plan',
      memberIds: [bob.id],
    });
    directId = await host.conversation(tokens['bob'], { kind: 'direct', userId: alice.id });
    for (let i = 0; i < 25; i++)
      await api(tokens['bob'], 'POST', `/conversations/${channelId}/messages`, {
        text: i === 3 ? 'the 数据库 migration <b>is</b> done' : `filler message ${i}`,
      });
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    // A recorder stands in for the browser's notifications: headless Chromium shows none, and
    // the test needs to read what would have been shown.
    await context.addInitScript(`
      window.__notes = [];
      window.Notification = class {
        static permission = 'granted';
        static requestPermission() { return Promise.resolve('granted'); }
        constructor(title, options) { window.__notes.push({ title, body: options?.body ?? '' }); }
        close() {}
      };
    `);
    page = await context.newPage();
    await signInAt(page, `${host.baseUrl}/`, alice.username, alice.password);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await host?.stop();
  });

  it('searches with marked snippets and opens a hit around its message', async () => {
    await page.getByTestId('search-input').fill('数据库');
    await page.getByTestId('search-submit').click();
    const hit = page.getByTestId('search-hit');
    await expect.poll(() => hit.count(), LIVE).toBe(1);
    expect(await hit.locator('mark').textContent()).toBe('数据库');
    // The message's own markup stays text inside the snippet.
    expect(await hit.locator('b').count()).toBe(0);
    expect(await hit.textContent()).toContain('<b>is</b>');
    await hit.click();
    await page.waitForURL((url) => url.pathname === `/c/${channelId}`);
    await expect
      .poll(() => page.getByTestId('message-text').filter({ hasText: '数据库' }).count())
      .toBe(1);
    // A bad query is explained, not dropped.
    await page.getByTestId('search-input').fill('on:2026-13-45');
    await page.getByTestId('search-submit').click();
    await expect
      .poll(() => page.getByTestId('search-results').getByRole('alert').textContent())
      .toContain('cannot be read');
    await page.keyboard.press('Escape');
  });

  /** Ctrl+K, what is typed, Enter: the in-app way between conversations (no reload). */
  async function jumpTo(typed: string, conversationId: string) {
    await page.keyboard.press('Control+k');
    await page.getByTestId('quick-switcher-input').fill(typed);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/c/${conversationId}`);
  }

  it('jumps to a conversation with Ctrl+K', async () => {
    await page.keyboard.press('Control+k');
    await page.getByTestId('quick-switcher-input').fill('relea');
    await expect
      .poll(() => page.getByTestId('quick-switcher-option').allTextContents())
      .toEqual([expect.stringContaining('release-plan')]);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('quick-switcher').count()).toBe(0);
    await jumpTo('bob', directId);
    await jumpTo('relea', channelId);
    await expect.poll(() => page.getByTestId('quick-switcher').count()).toBe(0);
  });

  it('notifies direct messages and mentions, and stays quiet when muted or in DND', async () => {
    const bobToken = tokens['bob'] as string;
    const titles = async (from = 0) => (await notes()).slice(from).map((n) => n.title);
    // Alice has the channel open. Bob writes to her directly: a notification; in the channel
    // without mentioning her: none.
    await api(bobToken, 'POST', `/conversations/${directId}/messages`, { text: 'lunch?' });
    await expect.poll(() => titles(), LIVE).toEqual(['Message from Bob Builder']);
    await api(bobToken, 'POST', `/conversations/${channelId}/messages`, {
      text: 'no mention here',
    });
    await api(bobToken, 'POST', `/conversations/${directId}/messages`, { text: 'second' });
    await expect
      .poll(() => titles(), LIVE)
      .toEqual(['Message from Bob Builder', 'Message from Bob Builder']);
    expect((await notes())[1]?.body).toBe('second');

    // Muting the direct conversation silences it (on the server: every device of Alice's).
    await jumpTo('bob', directId);
    await page.getByTestId('mute-toggle').click();
    await expect
      .poll(() => page.getByTestId('mute-toggle').getAttribute('aria-pressed'))
      .toBe('true');
    const list = await api(tokens['alice'] as string, 'GET', '/conversations');
    expect(
      (list['items'] as Array<{ id: string; membership: { muted: boolean } }>).find(
        (c) => c.id === directId,
      )?.membership.muted,
    ).toBe(true);
    await jumpTo('relea', channelId);
    const before = (await notes()).length;
    await api(bobToken, 'POST', `/conversations/${directId}/messages`, { text: 'muted one' });

    // Do-not-disturb silences mentions too.
    await jumpTo('bob', directId);
    await page.getByTestId('status-select').selectOption('dnd');
    await expect
      .poll(async () => (await api(tokens['alice'] as string, 'GET', '/presence/me'))['dnd'])
      .toBeTruthy();
    // …and the page has the server's answer (notifications are decided by it).
    await expect
      .poll(() => page.getByTestId('status-select').getAttribute('data-dnd'))
      .toBe('true');
    await api(bobToken, 'POST', `/conversations/${channelId}/messages`, {
      text: '@alice during dnd',
    });
    // Available again: a mention in the channel while Alice reads the direct conversation.
    await page.getByTestId('status-select').selectOption('auto');
    await expect
      .poll(
        async () => (await api(tokens['alice'] as string, 'GET', '/presence/me'))['dnd'] ?? null,
      )
      .toBeNull();
    await expect
      .poll(() => page.getByTestId('status-select').getAttribute('data-dnd'))
      .toBe('false');
    await api(bobToken, 'POST', `/conversations/${channelId}/messages`, { text: 'ping @alice' });
    await expect
      .poll(() => titles(before), LIVE)
      .toEqual(['Bob Builder mentioned you · # release-plan']);
  });

  it('finds an emoji by its Chinese or English name for the composer', async () => {
    await page.getByTestId('emoji').click();
    await page.getByTestId('emoji-more').click();
    await page.getByTestId('emoji-search').fill('熊猫');
    await expect
      .poll(() => page.getByTestId('emoji-result').allTextContents())
      .toEqual([expect.stringContaining('🐼')]);
    await page.getByTestId('emoji-search').fill('thumbs up');
    await expect
      .poll(() => page.getByTestId('emoji-result').getAttribute('aria-label'))
      .toBe('thumbs up');
    await page.getByTestId('emoji-result').click();
    await expect.poll(() => page.getByTestId('composer-input').inputValue()).toContain('👍');
  });

  it("clears a conversation's badge when I read it on another device", async () => {
    await jumpTo('bob', directId);
    await api(tokens['bob'] as string, 'POST', `/conversations/${channelId}/messages`, {
      text: 'for the other tab',
    });
    const channelRow = page.getByTestId('conversation').filter({ hasText: 'release-plan' });
    await expect.poll(() => channelRow.getByTestId('unread-badge').count(), LIVE).toBe(1);
    // Alice's second device reads the channel.
    const other = await (
      await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 700 } })
    ).newPage();
    await signInAt(other, `${host.baseUrl}/c/${channelId}`, alice.username, alice.password);
    await expect.poll(() => channelRow.getByTestId('unread-badge').count(), LIVE).toBe(0);
    await other.context().close();
  });

  it('switches to the dark theme, from the first screen on', async () => {
    await page.getByTestId('theme-select').selectOption('dark');
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    const background = () =>
      page.evaluate('getComputedStyle(document.documentElement).getPropertyValue("--bg").trim()');
    expect(await background()).toBe('#15171c');
    // A reload signs out (tokens live in memory); the sign-in page is dark already.
    await page.reload();
    await page.getByTestId('sign-in').waitFor();
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    expect(await background()).toBe('#15171c');
  });
});
