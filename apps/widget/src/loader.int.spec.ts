import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidgetLoader } from '../build-loader.mjs';

/**
 * The loader in Chromium, on a host page of another origin than Tidings: a page with a strict
 * CSP (no inline styles) and CSS that tries to break everything, and a stand-in frame page
 * at Tidings that the test drives (the real frame is apps/web's; its e2e is elsewhere).
 */

/** Serves `routes` on loopback; answers the origin. */
async function serve(
  server: Server,
  routes: Record<string, [string, string, Record<string, string>?]>,
) {
  server.on('request', (req, res) => {
    const route = routes[(req.url ?? '/').replace(/\?.*$/, '')];
    if (!route) return void res.writeHead(404).end();
    const [type, body, headers] = route;
    res.writeHead(200, { 'content-type': type, ...headers }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const FRAME_SCRIPT = `window.received = [];
addEventListener('message', (e) => { if (e.source === parent) received.push({ origin: e.origin, data: e.data }); });`;
const HOST_SCRIPT = `window.events = [];
for (const name of ['tidings-ready', 'tidings-unread', 'tidings-signin-required', 'tidings-context', 'tidings-error'])
  document.addEventListener(name, (e) => events.push({ name, detail: e.detail }));`;
/** A page's CSS at its worst: resets everything, huge rem, and aims at the element itself. */
const HOSTILE_CSS = `* { all: unset !important; } html { font-size: 40px !important; }
tidings-chat { display: none !important; opacity: 0 !important; transform: scale(0.1) !important;
  position: absolute !important; left: -9999px !important; font-size: 40px !important; }`;
/** Keeps every shadow root the loader attaches, for the test to reach into. */
const KEEP_SHADOW_ROOTS = () => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    ((window as unknown as { roots: ShadowRoot[] }).roots ??= []).push(root);
    return root;
  };
};

describe('<tidings-chat> in a browser', () => {
  const tidingsServer = createServer();
  const hostServer = createServer();
  let tidings = '';
  let host = '';
  let browser: Browser;

  beforeAll(async () => {
    const loader = Buffer.from(buildWidgetLoader()).toString('utf8');
    tidings = await serve(tidingsServer, {
      '/widget/loader.js': ['text/javascript', loader],
      '/widget': ['text/html', '<!doctype html><script src="/frame.js"></script>'],
      '/frame.js': ['text/javascript', FRAME_SCRIPT],
    });
    const page = `<!doctype html><html lang="zh-CN"><head><link rel="stylesheet" href="/hostile.css">
      <script src="/host.js"></script>
      <script src="${tidings}/widget/loader.js" async></script>
      <script src="${tidings}/widget/loader.js" async></script></head>
      <body><p>OA</p><tidings-chat context="erp:order:SO-1" title="Order SO-1" members="wang.fang, li.lei"
      link="http://example.test/orders/SO-1"></tidings-chat></body></html>`;
    const csp = `default-src 'self'; script-src 'self' ${tidings}; frame-src ${tidings}; style-src 'self'`;
    host = await serve(hostServer, {
      '/': ['text/html', page, { 'content-security-policy': csp }],
      '/host.js': ['text/javascript', HOST_SCRIPT],
      '/hostile.css': ['text/css', HOSTILE_CSS],
      '/favicon.ico': ['image/x-icon', ''],
    });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    tidingsServer.close();
    hostServer.close();
  });

  async function openHostPage(options: { fakeClock?: boolean } = {}) {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    if (options.fakeClock) await page.clock.install();
    await page.addInitScript(KEEP_SHADOW_ROOTS);
    await page.goto(`${host}/`);
    await expect.poll(() => frameOf(page)?.url()).toContain('/widget?');
    const frame = frameOf(page)!;
    // Under the fake clock the frame's polling would wait for time that never passes.
    if (!options.fakeClock) await frame.waitForFunction(() => 'received' in window);
    return { page, frame, errors };
  }

  interface Received {
    origin: string;
    data: { type: string } & Record<string, unknown>;
  }
  const frameOf = (page: Page) =>
    page.frames().find((f) => f.url().startsWith(`${tidings}/widget`));
  const fromFrame = (frame: Frame, message: object) =>
    frame.evaluate(([m, target]) => parent.postMessage(m, target!), [message, host] as const);
  const received = (frame: Frame) =>
    frame.evaluate(() => (window as unknown as { received: Received[] }).received);
  const lastOfType = async (frame: Frame, type: string) =>
    (await received(frame)).filter((m) => m.data.type === type).at(-1)?.data;
  const events = (page: Page) =>
    page.evaluate(
      () => (window as unknown as { events: Array<{ name: string; detail: unknown }> }).events,
    );
  /** The button, badge and panel inside the shadow root. */
  const look = (page: Page) =>
    page.evaluate(() => {
      const root = (window as unknown as { roots: ShadowRoot[] }).roots[0]!;
      const button = root.querySelector('button')!;
      const box = button.getBoundingClientRect();
      const style = getComputedStyle(button);
      return {
        label: button.getAttribute('aria-label'),
        title: button.title,
        expanded: button.getAttribute('aria-expanded'),
        disabled: button.getAttribute('aria-disabled'),
        badge: root.querySelector('.badge')!.hasAttribute('hidden')
          ? null
          : root.querySelector('.badge')!.textContent,
        box: {
          right: Math.round(window.innerWidth - box.right),
          bottom: Math.round(window.innerHeight - box.bottom),
          width: box.width,
          height: box.height,
        },
        background: style.backgroundColor,
        fontSize: getComputedStyle(root.querySelector('.badge')!).fontSize,
        panelVisible: getComputedStyle(root.querySelector('.panel')!).visibility === 'visible',
        focused: root.activeElement?.tagName.toLowerCase() ?? null,
      };
    });

  it('frames /widget for the page’s origin and language, and holds under hostile CSS and CSP', async () => {
    const { page, frame, errors } = await openHostPage();
    const url = new URL(frame.url());
    expect(url.searchParams.get('origin')).toBe(host);
    expect(url.searchParams.get('lang')).toBe('zh-CN');
    expect(
      await page.evaluate(() => (window as unknown as { roots: unknown[] }).roots.length),
    ).toBe(1);
    expect(await look(page)).toMatchObject({
      label: '聊天',
      expanded: 'false',
      badge: null,
      box: { right: 20, bottom: 20, width: 56, height: 56 },
      background: 'rgb(47, 111, 222)',
      fontSize: '12px',
      panelVisible: false,
    });
    expect(errors).toEqual([]); // included twice: defined once, no error; no CSP violation
    await page.close();
  });

  it('configures the frame on ready, relays its news as events, and ignores anyone else', async () => {
    const { page, frame } = await openHostPage();
    await fromFrame(frame, { tidings: 1, type: 'ready' });
    await expect
      .poll(() => lastOfType(frame, 'config'))
      .toEqual({
        tidings: 1,
        type: 'config',
        context: 'erp:order:SO-1',
        title: 'Order SO-1',
        members: ['wang.fang', 'li.lei'],
        link: 'http://example.test/orders/SO-1',
        lang: 'zh-CN',
        tokenMode: false,
      });
    expect(await lastOfType(frame, 'visible')).toEqual({
      tidings: 1,
      type: 'visible',
      visible: false,
    });
    expect((await received(frame)).every((m) => m.origin === host)).toBe(true);

    // Not from our iframe: the page itself, or another frame at the Tidings origin.
    await page.evaluate(() => window.postMessage({ tidings: 1, type: 'unread', count: 9 }, '*'));
    await page.evaluate((src) => {
      const rogue = document.createElement('iframe');
      rogue.src = src;
      document.body.append(rogue);
    }, `${tidings}/widget?rogue`);
    const rogueFrame = () => page.frames().find((f) => f.url().endsWith('?rogue'));
    await expect.poll(() => rogueFrame()?.url()).toBeDefined();
    const rogue = rogueFrame()!;
    await rogue.waitForFunction(() => 'received' in window);
    await fromFrame(rogue, { tidings: 1, type: 'unread', count: 8 });
    await fromFrame(frame, { tidings: 1, type: 'unread', count: 'x' }); // malformed

    await fromFrame(frame, { tidings: 1, type: 'unread', count: 3 });
    await fromFrame(frame, { tidings: 1, type: 'unread', count: 3 }); // unchanged: no event
    await fromFrame(frame, { tidings: 1, type: 'state', signedIn: true, userId: 'u-1' });
    await fromFrame(frame, { tidings: 1, type: 'context', conversationId: 'c-1', created: true });
    await fromFrame(frame, { tidings: 1, type: 'signin-required' });
    await fromFrame(frame, { tidings: 1, type: 'error', code: 'widget.context_invalid' });
    await expect.poll(async () => (await events(page)).length).toBe(5);
    expect(await events(page)).toEqual([
      { name: 'tidings-unread', detail: { count: 3 } },
      { name: 'tidings-ready', detail: { userId: 'u-1' } },
      { name: 'tidings-context', detail: { conversationId: 'c-1', created: true } },
      { name: 'tidings-signin-required', detail: {} },
      { name: 'tidings-error', detail: { code: 'widget.context_invalid' } },
    ]);
    expect(await look(page)).toMatchObject({ label: '聊天，3 条未读', badge: '3' });

    // An attribute change re-sends the configuration.
    await page.evaluate(() => document.querySelector('tidings-chat')!.setAttribute('lang', 'en'));
    await expect.poll(() => lastOfType(frame, 'config')).toMatchObject({ lang: 'en' });
    expect(await look(page)).toMatchObject({ label: 'Chat, 3 unread' });
    await page.close();
  });

  it('opens and closes by keyboard, tells the frame, and moves focus sensibly', async () => {
    const { page, frame } = await openHostPage();
    await fromFrame(frame, { tidings: 1, type: 'ready' });
    await page.keyboard.press('Tab'); // the only focusable thing on the page
    expect(await look(page)).toMatchObject({ focused: 'button' });
    await page.keyboard.press('Enter');
    await expect.poll(() => lastOfType(frame, 'visible')).toMatchObject({ visible: true });
    expect(await look(page)).toMatchObject({
      expanded: 'true',
      panelVisible: true,
      focused: 'iframe',
    });

    await fromFrame(frame, { tidings: 1, type: 'close' }); // Escape inside the frame
    await expect.poll(() => lastOfType(frame, 'visible')).toMatchObject({ visible: false });
    expect(await look(page)).toMatchObject({
      expanded: 'false',
      panelVisible: false,
      focused: 'button',
    });

    await page.keyboard.press(' ');
    await expect.poll(async () => (await look(page)).panelVisible).toBe(true);
    await page.evaluate(() =>
      (window as unknown as { roots: ShadowRoot[] }).roots[0]!.querySelector('button')!.focus(),
    );
    await page.keyboard.press('Escape');
    expect(await look(page)).toMatchObject({ panelVisible: false, focused: 'button' });
    await page.close();
  });

  it('hands the frame tokens from the page’s tokenProvider, and reports a failing one', async () => {
    const { page, frame } = await openHostPage();
    await fromFrame(frame, { tidings: 1, type: 'ready' });
    await page.evaluate(() => {
      const element = document.querySelector('tidings-chat') as HTMLElement & {
        tokenProvider: unknown;
      };
      element.tokenProvider = async () => 'tdw_prefix_secret';
    });
    await expect.poll(() => lastOfType(frame, 'config')).toMatchObject({ tokenMode: true });
    await fromFrame(frame, { tidings: 1, type: 'need-token' });
    await expect
      .poll(() => lastOfType(frame, 'token'))
      .toEqual({
        tidings: 1,
        type: 'token',
        token: 'tdw_prefix_secret',
      });
    await page.evaluate(() => {
      const element = document.querySelector('tidings-chat') as HTMLElement & {
        tokenProvider: unknown;
      };
      element.tokenProvider = () => Promise.reject(new Error('backend down'));
    });
    await fromFrame(frame, { tidings: 1, type: 'need-token' });
    await expect
      .poll(() => events(page))
      .toEqual([{ name: 'tidings-error', detail: { code: 'widget.token_provider_failed' } }]);
    await page.close();
  });

  it('shows itself unavailable when the frame never says ready', async () => {
    const { page } = await openHostPage({ fakeClock: true });
    await page.clock.fastForward(19_000);
    expect(await events(page)).toEqual([]);
    await page.clock.fastForward(1_500);
    await expect
      .poll(() => events(page))
      .toEqual([{ name: 'tidings-error', detail: { code: 'widget.unavailable' } }]);
    expect(await look(page)).toMatchObject({ disabled: 'true', title: '聊天暂时不可用' });
    await page.mouse.click(1000 - 48, 700 - 48); // the button's middle: nothing opens
    expect(await look(page)).toMatchObject({ panelVisible: false, expanded: 'false' });
    await page.close();
  });
});
