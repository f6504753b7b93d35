import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebTestHost, type Person } from './web-host';
import { launchChromium, signInAt } from './web-testing';

/** The page-side globals the CSP listener uses (this Node project has no DOM types). */
interface PageGlobals {
  document: {
    addEventListener(
      type: 'securitypolicyviolation',
      listener: (event: { violatedDirective: string; blockedURI: string }) => void,
    ): void;
  };
  __violations: string[];
}

/** Runs in every document before its scripts: records each CSP violation. */
function watchCsp(): void {
  const page = globalThis as unknown as PageGlobals;
  page.__violations = [];
  page.document.addEventListener('securitypolicyviolation', (event) => {
    page.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
  });
}
const violations = () => (globalThis as unknown as PageGlobals).__violations;

/**
 * Link previews in the web client, end to end: the built host fetches a page from a local
 * "site" (allowlisted with LINK_PREVIEW_ALLOW_HOSTS, as it is on loopback) and the browser
 * shows a card with the title and the proxied picture — without ever contacting the site
 * itself, and without a CSP violation.
 */
describe('link previews in the web client', () => {
  let site: Server;
  let siteOrigin = '';
  const siteRequests: Array<{ path: string; userAgent: string }> = [];
  let host: WebTestHost;
  let bob: Person;
  let browser: Browser;
  let page: Page;
  let channelId: string;
  let aliceToken: string;
  const browserRequests: string[] = [];
  const consoleCspErrors: string[] = [];

  const send = async (text: string) => {
    await host.api(aliceToken, 'POST', `/conversations/${channelId}/messages`, { text });
  };

  beforeAll(async () => {
    const picture = await sharp({
      create: { width: 120, height: 80, channels: 3, background: '#d9480f' },
    })
      .png()
      .toBuffer();
    site = createServer((request, response) => {
      siteRequests.push({
        path: request.url ?? '',
        userAgent: request.headers['user-agent'] ?? '',
      });
      if (request.url === '/article')
        return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
          `<!doctype html><html><head><title>fallback</title>
           <meta property="og:title" content="Release notes 发布说明">
           <meta property="og:description" content="Everything that changed in this release, and why.">
           <meta property="og:site_name" content="Local News">
           <meta property="og:image" content="/pictures/cover.png">
           </head><body>…</body></html>`,
        );
      if (request.url === '/pictures/cover.png')
        return void response.writeHead(200, { 'content-type': 'image/png' }).end(picture);
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteOrigin = `http://localhost:${(site.address() as AddressInfo).port}`;

    host = await WebTestHost.start({ LINK_PREVIEW_ALLOW_HOSTS: 'localhost' });
    await host.person('alice');
    bob = await host.person('bob');
    aliceToken = host.token('alice');
    channelId = await host.conversation(aliceToken, {
      kind: 'channel',
      visibility: 'private',
      name: 'links',
      memberIds: [bob.id],
    });

    browser = await launchChromium();
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 1100, height: 800 },
    });
    await context.addInitScript(watchCsp);
    page = await context.newPage();
    page.on('request', (request) => browserRequests.push(request.url()));
    page.on('console', (message) => {
      if (/content security policy/i.test(message.text())) consoleCspErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    site?.closeAllConnections();
    await new Promise((resolve) => site?.close(resolve));
  });

  it('shows a card with the title and the picture under a message with a link', async () => {
    await send('`' + `${siteOrigin}/in-code` + '` is code, not a link');
    await send(`This one is gone: ${siteOrigin}/gone`);
    await send(`Have you read ${siteOrigin}/article yet?`);
    const goneAnswered = page.waitForResponse((r) =>
      r.url().includes(`/api/v1/link-previews?url=${encodeURIComponent(`${siteOrigin}/gone`)}`),
    );
    await signInAt(page, `${host.baseUrl}/`, bob.username, bob.password);
    await page.getByTestId('conversation').filter({ hasText: '# links' }).click();
    await page.waitForURL(`${host.baseUrl}/c/${channelId}`);

    const card = page.getByTestId('link-preview');
    await card.waitFor({ timeout: 20_000 });
    const title = card.getByTestId('link-preview-title');
    expect(await title.textContent()).toBe('Release notes 发布说明');
    expect(await title.getAttribute('href')).toBe(`${siteOrigin}/article`);
    expect(await title.getAttribute('target')).toBe('_blank');
    expect(await card.getByTestId('link-preview-site').textContent()).toBe('Local News');
    expect((await card.getByTestId('link-preview-description').textContent())?.trim()).toBe(
      'Everything that changed in this release, and why.',
    );
    const image = card.getByTestId('link-preview-image');
    await expect
      .poll(() =>
        image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBe(120);
    expect(await image.getAttribute('src')).toMatch(/^blob:/);
    // One card: the link inside code has none, nor has the page that failed (404).
    expect((await goneAnswered).status()).toBe(422);
    expect(await page.getByTestId('message-text').count()).toBe(3);
    expect(await card.count()).toBe(1);
  });

  it('fetched the page on the server, never from the browser, and broke no CSP rule', async () => {
    expect(browserRequests.filter((url) => url.startsWith(siteOrigin))).toEqual([]);
    expect(siteRequests.map((r) => r.path).sort()).toEqual([
      '/article',
      '/gone',
      '/pictures/cover.png',
    ]);
    expect(siteRequests[0]?.userAgent).toMatch(/^TidingsLinkPreview\//);
    expect(await page.evaluate(violations)).toEqual([]);
    expect(consoleCspErrors).toEqual([]);
  });

  it('asks the server once per link, however many messages show it', async () => {
    const asked = () =>
      browserRequests.filter((url) => url.includes('/api/v1/link-previews?')).length;
    const before = asked();
    await send(`Again: ${siteOrigin}/article`);
    await expect.poll(() => page.getByTestId('link-preview').count()).toBe(2);
    expect(asked()).toBe(before);
    // And the server fetched the page no second time.
    expect(siteRequests.filter((r) => r.path === '/article')).toHaveLength(1);
  });
});
