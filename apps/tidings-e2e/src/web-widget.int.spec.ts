import { mkdirSync } from 'node:fs';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostPages, startStrangerPages, type HostPages } from './host-pages.testing';
import { WebTestHost, type Person } from './web-host';
import {
  describeViolations,
  freshPage,
  launchChromium,
  seriousViolations,
  signInAt,
} from './web-testing';

/**
 * The embeddable widget end to end (docs/widget.md), in Chromium: a plain static "OA" site on
 * another loopback origin embeds Tidings with the loader's one line. What a person sees is read
 * off the page — the button's badge in the element's shadow tree, the chat in its frame.
 */
const SCREENSHOTS = 'docs/screenshots';
const ORDER = 'SO-2026-00817';

/** The element's parts, inside its (open) shadow tree: Playwright's CSS engine pierces it. */
const chat = (page: Page) => page.locator('tidings-chat');
const button = (page: Page) => chat(page).getByTestId('widget-button');
const badge = (page: Page) => chat(page).getByTestId('widget-badge');
const panel = (page: Page) => chat(page).getByTestId('widget-panel');
const frame = (page: Page): FrameLocator => page.frameLocator('tidings-chat iframe');
const messageTexts = (where: FrameLocator | Page): Locator =>
  where.getByTestId('messages').getByTestId('message-text');

describe('the chat widget on an OA page', () => {
  let host: WebTestHost;
  let oa: HostPages;
  let stranger: HostPages;
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  let botToken = '';
  /** Alice's browser: signed in to Tidings once, so the issuer knows her session. */
  let alicePage: Page;
  let bobPage: Page;

  async function mint(username: string, ttlSeconds = 600): Promise<string> {
    const minted = await host.api<{ token: string }>(botToken, 'POST', '/widget/tokens', {
      username,
      origin: oa.origin,
      ttlSeconds,
    });
    return minted.token;
  }

  beforeAll(async () => {
    host = await WebTestHost.start();
    alice = await host.person('alice', 'Alice Liddell');
    bob = await host.person('bob', 'Bob Builder');
    // Carol signs in nowhere: the OA backend vouches for her (token mode).
    await host.person('carol', 'Carol Danvers');
    // The ERP integration: a bot that owns the OA site and may mint widget tokens.
    const bot = await host.api<{ id: string }>(host.adminToken, 'POST', '/bots', {
      username: 'erp-bot',
      displayName: 'ERP',
    });
    ({ token: botToken } = await host.api<{ token: string }>(
      host.adminToken,
      'POST',
      `/bots/${bot.id}/tokens`,
      { scopes: ['widget.tokens.issue', 'messaging.read', 'messaging.write'] },
    ));
    oa = await startHostPages({ tidingsUrl: host.baseUrl, mintToken: () => mint('carol') });
    await host.api(host.adminToken, 'POST', '/widget/sites', {
      origin: oa.origin,
      botId: bot.id,
      name: 'OA',
    });
    stranger = await startStrangerPages(host.baseUrl, oa.origin);
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    alicePage = await freshPage(browser);
    await signInAt(alicePage, `${host.baseUrl}/`, alice.username, alice.password);
    bobPage = await freshPage(browser);
    await signInAt(bobPage, `${host.baseUrl}/`, bob.username, bob.password);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await oa?.stop();
    await stranger?.stop();
    await host?.stop();
  });

  it('signs in silently with the issuer session and shows the unread count', async () => {
    // Bob writes to Alice while she works in the OA system.
    const directId = await host.conversation(host.token('bob'), {
      kind: 'direct',
      userId: alice.id,
    });
    await host.api(host.token('bob'), 'POST', `/conversations/${directId}/messages`, {
      text: 'Can you approve the travel request?',
    });

    await alicePage.goto(`${oa.origin}/inbox.html`);
    // No sign-in form anywhere: the frame went through the issuer with prompt=none.
    await expect.poll(() => badge(alicePage).textContent(), { timeout: 30_000 }).toBe('1');
    expect(await button(alicePage).getAttribute('aria-label')).toMatch(/1 unread/);
    expect(await panel(alicePage).isVisible()).toBe(false);

    // Keyboard: Tab reaches the button, Enter opens the panel, Escape closes it again.
    await button(alicePage).focus();
    await alicePage.keyboard.press('Enter');
    await expect.poll(() => panel(alicePage).isVisible()).toBe(true);
    const inbox = frame(alicePage);
    await inbox.getByTestId('conversation').filter({ hasText: 'Bob Builder' }).click();
    await expect
      .poll(() => messageTexts(inbox).allTextContents())
      .toContain('Can you approve the travel request?');
    // Reading it in the widget clears the badge on the page.
    await expect.poll(() => badge(alicePage).isVisible(), { timeout: 15_000 }).toBe(false);
    await inbox.getByTestId('composer-input').fill('Approved, have a good trip.');
    await inbox.getByTestId('composer-send').click();
    await expect
      .poll(() => messageTexts(inbox).allTextContents())
      .toContain('Approved, have a good trip.');
    await inbox.getByTestId('composer-input').press('Escape');
    await expect.poll(() => panel(alicePage).isVisible()).toBe(false);
    // Focus is back on the button, so the keyboard user is where they were.
    await expect
      .poll(() =>
        alicePage.evaluate(
          `[document.activeElement?.tagName, document.activeElement?.shadowRoot?.activeElement?.getAttribute('data-testid')].join(' ')`,
        ),
      )
      .toBe('TIDINGS-CHAT widget-button');
  });

  it('opens the order’s context conversation, live both ways, and reopens it after a reload', async () => {
    await alicePage.goto(`${oa.origin}/order.html`);
    const widget = frame(alicePage);
    // zh-CN from the page's <html lang>: the composer speaks Chinese.
    await expect
      .poll(() => widget.getByTestId('widget-shell').getAttribute('lang'), { timeout: 30_000 })
      .toBe('zh-CN');
    const contextLink = widget.getByTestId('widget-context-link');
    await expect.poll(() => contextLink.getAttribute('href')).toBe(`${oa.origin}/order.html`);
    await widget.getByTestId('composer-input').fill(`请确认 ${ORDER} 的交货日期`);
    await widget.getByTestId('composer-send').click();

    // Bob, in the full client, has the conversation the ERP bot opened for the order.
    const bobLink = bobPage.getByTestId('conversation').filter({ hasText: `订单 ${ORDER}` });
    await expect.poll(() => bobLink.count(), { timeout: 20_000 }).toBe(1);
    await bobLink.click();
    await expect
      .poll(() => messageTexts(bobPage).allTextContents())
      .toContain(`请确认 ${ORDER} 的交货日期`);
    // Its header links back to the order in the ERP.
    expect(await bobPage.getByTestId('conversation-context-link').getAttribute('href')).toBe(
      `${oa.origin}/order.html`,
    );
    // Bob typing shows in the widget (the same WebSocket protocol as the full client).
    await bobPage.getByTestId('composer-input').pressSequentially('下周三发货');
    await expect
      .poll(() => widget.getByTestId('typing').textContent(), { timeout: 10_000 })
      .toContain('Bob Builder 正在输入');
    await bobPage.getByTestId('composer-send').click();
    // … and Alice sees the reply live in the widget.
    await expect.poll(() => messageTexts(widget).allTextContents()).toContain('下周三发货');

    // The compact chat passes the same accessibility check as the full client.
    const chatFrame = alicePage.frames().find((f) => new URL(f.url()).pathname === '/widget');
    expect(chatFrame, 'the widget frame').toBeDefined();
    const violations = await seriousViolations(chatFrame!);
    expect(violations, describeViolations(violations)).toEqual([]);

    const conversations = await host.api<{ items: Array<{ id: string; context: unknown }> }>(
      host.token('alice'),
      'GET',
      '/conversations',
    );
    const contextual = conversations.items.filter((c) => c.context);
    expect(contextual).toHaveLength(1);

    // A reload reopens the same conversation, history and all.
    await alicePage.reload();
    await expect
      .poll(() => messageTexts(frame(alicePage)).allTextContents(), { timeout: 30_000 })
      .toEqual(expect.arrayContaining([`请确认 ${ORDER} 的交货日期`, '下周三发货']));
    const again = await host.api<{ items: Array<{ id: string; context: unknown }> }>(
      host.token('alice'),
      'GET',
      '/conversations',
    );
    expect(again.items.filter((c) => c.context).map((c) => c.id)).toEqual(
      contextual.map((c) => c.id),
    );

    // A single-page ERP moves to another order without reloading: the widget follows.
    const next = 'SO-2026-00900';
    // An expression, not a function: this project type-checks without the DOM library.
    await alicePage.evaluate(
      `{ const el = document.querySelector('tidings-chat');
         el.setAttribute('title', '订单 ${next}');
         el.setAttribute('context', 'erp:order:${next}'); }`,
    );
    await expect
      .poll(() => frame(alicePage).getByTestId('widget-title').textContent(), { timeout: 15_000 })
      .toBe(`# 订单 ${next}`);
    expect(await messageTexts(frame(alicePage)).allTextContents()).not.toContain('下周三发货');
    const after = await host.api<{ items: Array<{ id: string; name: string; context: unknown }> }>(
      host.token('alice'),
      'GET',
      '/conversations',
    );
    expect(
      after.items
        .filter((c) => c.context)
        .map((c) => c.name)
        .sort(),
    ).toEqual([`订单 ${ORDER}`, `订单 ${next}`]);
  });

  it('signs in with a widget token the OA backend minted, as that person only', async () => {
    // A fresh browser: no issuer session at all — the OA system vouches for Carol.
    const page = await freshPage(browser);
    await page.goto(`${oa.origin}/token.html`);
    await button(page).click();
    const widget = frame(page);
    await expect
      .poll(() => widget.getByTestId('widget-shell').count(), { timeout: 30_000 })
      .toBe(1);
    expect(await widget.getByTestId('widget-signin').count()).toBe(0);

    // The token acts as Carol and nobody else.
    const token = await mint('carol');
    const me = await fetch(`${host.baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await me.json()) as { username: string }).username).toBe('carol');
    const direct = await host.conversation(host.token('alice'), {
      kind: 'direct',
      userId: bob.id,
    });
    const peek = await fetch(`${host.baseUrl}/api/v1/conversations/${direct}/messages`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect([403, 404]).toContain(peek.status);
    // Nor can it mint itself a token for somebody else.
    const escalate = await fetch(`${host.baseUrl}/api/v1/widget/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bob', origin: oa.origin }),
    });
    expect(escalate.status).toBe(403);
    await page.context().close();
  });

  it('gives a page on another origin neither data nor messages', async () => {
    const page = await freshPage(browser);
    // The same issuer session as Alice's, so only the allowlist stands in the way.
    await signInAt(page, `${host.baseUrl}/`, alice.username, alice.password);
    const frameAnswers: number[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/widget') frameAnswers.push(response.status());
    });

    // 1. The loader on a stranger's page: the frame is refused, no data and no events arrive.
    await page.goto(`${stranger.origin}/embed.html`);
    await expect.poll(() => frameAnswers.length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(frameAnswers.every((status) => status === 403)).toBe(true);
    // A direct read of the API from that page fails too: no CORS for strangers.
    const token = host.token('alice');
    const read = await page.evaluate(
      `fetch(${JSON.stringify(`${host.baseUrl}/api/v1/conversations`)}, {
         headers: { authorization: 'Bearer ${token}' },
       }).then(() => 'read', (e) => 'refused: ' + e.name)`,
    );
    expect(read).toBe('refused: TypeError');

    // 2. Framing the widget directly while claiming the OA origin: frame-ancestors stops it,
    // so nothing — no 'ready', no unread count — is ever posted to the stranger.
    await page.goto(`${stranger.origin}/frame.html`);
    await page.waitForTimeout(5_000);
    expect(await page.evaluate('window.received')).toEqual([]);
    // While the real OA page, same browser, does hear from the widget.
    await page.goto(`${oa.origin}/inbox.html`);
    await expect
      .poll(() => chat(page).getAttribute('data-state'), { timeout: 30_000 })
      .toBe('signed-in');
    await page.context().close();
  });

  it('keeps its layout under hostile host styles', async () => {
    await alicePage.goto(`${oa.origin}/hostile.html`);
    await expect.poll(() => panel(alicePage).isVisible(), { timeout: 30_000 }).toBe(true);
    const widget = frame(alicePage);
    await expect
      .poll(() => widget.getByTestId('conversation').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const buttonBox = await button(alicePage).boundingBox();
    const panelBox = await panel(alicePage).boundingBox();
    // The host's 64px fonts, 12px borders and 30px padding did not reach the widget.
    expect(buttonBox?.width).toBeLessThanOrEqual(64);
    expect(buttonBox?.height).toBeLessThanOrEqual(64);
    expect(panelBox?.width).toBeGreaterThan(300);
    expect(panelBox?.width).toBeLessThanOrEqual(420);
    const buttonFont = await alicePage.evaluate(
      `getComputedStyle(document.querySelector('tidings-chat').shadowRoot
         .querySelector('[data-testid=widget-button]')).fontSize`,
    );
    expect(buttonFont).toMatch(/^\d+(\.\d+)?px$/);
    expect(buttonFont).not.toBe('64px');
    await alicePage.screenshot({ path: `${SCREENSHOTS}/widget-hostile-css.png` });
  });
});
