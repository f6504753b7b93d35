import { createTestSqliteDatabase } from '@tidings/platform/testing';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessHost } from './host.testing';
import { bytes, html, LinkPageServer, ogPage, redirect } from './link-pages.testing';

const png = () =>
  sharp({ create: { width: 64, height: 32, channels: 3, background: '#2f6fde' } })
    .png()
    .toBuffer();

/**
 * Link previews through the whole host, with a local web server as the linked site: the
 * preview and its proxied picture, the SSRF guard (loopback, link-local, numeric hosts,
 * redirects into private space) and the cache (docs/link-previews.md).
 */
describe('link previews API', () => {
  const db = createTestSqliteDatabase();
  const host = new InProcessHost();
  let site: LinkPageServer;
  let token: string;

  const preview = (url: string) =>
    host.request('GET', `/link-previews?url=${encodeURIComponent(url)}`, token);
  const get = (path: string) => host.request('GET', path.replace(/^\/api\/v1/, ''), token);

  beforeAll(async () => {
    const picture = await png();
    site = await new LinkPageServer({
      '/story': html(ogPage('Rust &amp; friends: 发布说明', '/pictures/story.png')),
      '/pictures/story.png': bytes(picture, 'image/png'),
      '/fake': html(ogPage('Fake picture', '/pictures/fake.png')),
      '/pictures/fake.png': bytes(
        Buffer.from('<html><script>alert(1)</script></html>'),
        'image/png',
      ),
      '/plain': html('<html><head><title>Just a title</title></head><body></body></html>'),
      '/file.pdf': bytes(Buffer.from('%PDF-1.7'), 'application/pdf'),
      '/missing': (_q, r) => r.writeHead(500).end(),
      '/to-story': redirect('/story', 301),
      '/to-loopback': redirect('http://127.0.0.1/story'),
      '/to-metadata': redirect('http://169.254.169.254/latest/meta-data/'),
      '/loop': redirect('/loop'),
    }).start();
    await host.start({
      DATABASE_URL: db.url,
      LINK_PREVIEW_ALLOW_HOSTS: 'localhost',
    });
    token = await host.issuer.token({ sub: 'reader', username: 'reader', roles: ['user'] });
  });

  afterAll(async () => {
    await host.stop();
    await site?.stop();
    await db.drop();
  });

  it("answers a page's Open Graph preview with a same-origin picture", async () => {
    const response = await preview(site.url('/story'));
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      url: site.url('/story'),
      title: 'Rust & friends: 发布说明',
      description: 'A page for previews',
      siteName: 'Test Site',
      image: `/api/v1/link-previews/image?${new URLSearchParams({
        url: site.url('/pictures/story.png'),
        page: site.url('/story'),
      })}`,
    });

    const image = await get(body.image);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    expect(image.rawPayload.equals(await png())).toBe(true);
  });

  it('fetches a page once however many people ask, and follows a redirect to it', async () => {
    const before = site.hits.get('/story') ?? 0;
    await Promise.all(Array.from({ length: 5 }, () => preview(site.url('/story'))));
    expect(site.hits.get('/story') ?? 0).toBe(before);

    const moved = await preview(site.url('/to-story'));
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      url: site.url('/to-story'),
      title: expect.stringContaining('Rust'),
    });
  });

  it('uses <title> when a page has nothing else', async () => {
    const response = await preview(site.url('/plain'));
    expect(response.json()).toEqual({
      url: site.url('/plain'),
      title: 'Just a title',
      description: null,
      siteName: null,
      image: null,
    });
  });

  it('refuses the same page on 127.0.0.1, which is not allowlisted', async () => {
    const response = await preview(`http://127.0.0.1:${site.port}/story`);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'link_preview.refused' });
  });

  it('refuses loopback and link-local addresses however they are written, at connect time', async () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
    ]) {
      const response = await preview(url);
      expect(response.statusCode, url).toBe(403);
      expect(response.json().code, url).toBe('link_preview.refused');
    }
  });

  it('refuses a redirect from an allowed host into private addresses', async () => {
    for (const path of ['/to-loopback', '/to-metadata']) {
      const response = await preview(site.url(path));
      expect(response.statusCode, path).toBe(403);
      expect(response.json().code, path).toBe('link_preview.refused');
    }
  });

  it('answers link_preview.unavailable for a failed page, a non-page and a redirect loop', async () => {
    for (const path of ['/missing', '/file.pdf', '/loop']) {
      const response = await preview(site.url(path));
      expect(response.statusCode, path).toBe(422);
      expect(response.json().code, path).toBe('link_preview.unavailable');
    }
    // At most 3 redirects were followed: the first request and three more.
    expect(site.hits.get('/loop')).toBe(4);
  });

  it('refuses a bad url as request.invalid', async () => {
    for (const query of [
      '',
      '?url=',
      '?url=javascript:alert(1)',
      '?url=%2Frelative',
      '?url=ftp://x/',
    ]) {
      const response = await host.request('GET', `/link-previews${query}`, token);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().code, query).toBe('request.invalid');
    }
  });

  it('serves no text/html pretending to be a PNG, and no image a preview did not name', async () => {
    const fake = (await preview(site.url('/fake'))).json();
    const refused = await get(fake.image);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('link_preview.unavailable');

    const madeUp = await get(
      `/link-previews/image?${new URLSearchParams({
        url: site.url('/pictures/fake.png'),
        page: site.url('/story'),
      })}`,
    );
    expect(madeUp.statusCode).toBe(404);
    expect(madeUp.json().code).toBe('link_preview.image_unknown');
  });

  it('needs a signed-in caller', async () => {
    const response = await host.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'GET',
        url: `/api/v1/link-previews?url=${encodeURIComponent(site.url('/story'))}`,
      });
    expect(response.statusCode).toBe(401);
  });
});

describe('link previews turned off', () => {
  const db = createTestSqliteDatabase();
  const host = new InProcessHost();

  beforeAll(() => host.start({ DATABASE_URL: db.url, LINK_PREVIEWS: 'off' }));
  afterAll(async () => {
    await host.stop();
    await db.drop();
  });

  it('answers 404 link_preview.disabled', async () => {
    const token = await host.issuer.token({ sub: 'r', username: 'r', roles: ['user'] });
    const response = await host.request(
      'GET',
      '/link-previews?url=https%3A%2F%2Fexample.com%2F',
      token,
    );
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('link_preview.disabled');
  });
});
