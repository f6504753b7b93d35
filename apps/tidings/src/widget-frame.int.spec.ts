import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveWebRoot } from '@tidings/host';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagingTestHost, type As } from './messaging.testing';

const admin: As = { username: 'root', roles: ['admin'] };
const OA = 'http://oa.example.test:8080';
const ERP = 'https://erp.example.com';

/**
 * The widget's pages on the real host with the real web client build (the integration setup
 * builds it, the loader included), widget sites made through identity's API: only a widget
 * site may frame `/widget`, everything else keeps `frame-ancestors 'none'` (docs/widget.md,
 * Security), and `/widget/loader.js` is a script other sites may load.
 */
describe.each(databaseFlavours)('the widget’s pages on %s', (flavour) => {
  let db: TestDatabase;
  const host = new MessagingTestHost();

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await host.start({ DATABASE_URL: db.url });
    const bot = await host.call('POST', '/bots', admin, { username: 'oa-widget' });
    expect(bot.statusCode, bot.body).toBe(201);
    const botId = (bot.json() as { id: string }).id;
    for (const origin of [OA, ERP]) {
      const site = await host.call('POST', '/widget/sites', admin, { origin, botId });
      expect(site.statusCode, site.body).toBe(201);
    }
  });

  afterAll(async () => {
    await host.stop();
    await db?.drop();
  });

  const get = (url: string) =>
    host.app.getHttpAdapter().getInstance().inject({ method: 'GET', url });
  const csp = (response: { headers: Record<string, unknown> }) =>
    String(response.headers['content-security-policy']);
  const frameAncestorsOf = (response: { headers: Record<string, unknown> }) =>
    /frame-ancestors ([^;]*)/.exec(csp(response))?.[1];

  it('serves a widget site’s frame the web client, framable by that site alone', async () => {
    const response = await get(`/widget?origin=${encodeURIComponent(OA)}&lang=zh-CN`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('<td-root'); // the Angular client, not the placeholder
    expect(frameAncestorsOf(response)).toBe(OA);
    expect(response.headers['x-frame-options']).toBeUndefined();
    expect(csp(response)).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp(response)).toContain("script-src 'self';");
  });

  it('compares origins as identity stores them (case, default port)', async () => {
    const response = await get(
      `/widget?origin=${encodeURIComponent('HTTPS://ERP.example.com:443')}`,
    );
    expect(response.statusCode).toBe(200);
    expect(frameAncestorsOf(response)).toBe(ERP);
  });

  it('refuses any other origin, or none, with a page that holds no app', async () => {
    for (const url of [
      '/widget',
      `/widget?origin=${encodeURIComponent('https://evil.example.com')}`,
      `/widget?origin=${encodeURIComponent('http://oa.example.test:8081')}`,
      `/widget?origin=${encodeURIComponent(`${OA}/page`)}`,
      `/widget?origin=${encodeURIComponent(OA)}&origin=${encodeURIComponent('https://evil.example.com')}`,
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(403);
      expect(response.headers['content-type'], url).toContain('text/html');
      expect(response.body, url).toContain('This site may not embed Tidings chat.');
      expect(response.body, url).not.toContain('<td-root');
      expect(response.body, url).not.toContain('<script');
      expect(frameAncestorsOf(response), url).toBe("'none'");
      expect(csp(response), url).toContain("default-src 'none'");
    }
  });

  it('lets every widget site frame the sign-in callback', async () => {
    const response = await get('/widget/callback?code=abc&state=xyz');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<td-root');
    expect(frameAncestorsOf(response)?.split(' ').sort()).toEqual([ERP, OA].sort());
    expect(response.headers['x-frame-options']).toBeUndefined();
  });

  it('keeps every other page unframable, the sign-in popup included', async () => {
    for (const url of ['/', '/c/some-conversation', '/widget/signin', `/settings?origin=${OA}`]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(frameAncestorsOf(response), url).toBe("'none'");
      expect(response.headers['x-frame-options'], url).toBe('DENY');
    }
  });

  it('serves the loader as a script other sites may load and cache briefly', async () => {
    expect(existsSync(join(resolveWebRoot(undefined), 'widget/loader.js'))).toBe(true);
    const response = await get('/widget/loader.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(response.body).toContain('tidings-chat');
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('stops framing a site the moment it is removed', async () => {
    const listed = await host.call('GET', '/widget/sites', admin);
    expect(listed.statusCode, listed.body).toBe(200);
    const erp = (listed.json() as { items: Array<{ id: string; origin: string }> }).items.find(
      (site) => site.origin === ERP,
    );
    expect(erp).toBeDefined();
    const removed = await host.call('DELETE', `/widget/sites/${erp!.id}`, admin);
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await get(`/widget?origin=${encodeURIComponent(ERP)}`)).statusCode).toBe(403);
    expect(frameAncestorsOf(await get('/widget/callback'))).toBe(OA);
  });
});
