import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitLogin } from './oidc-test-client';
import { WebTestHost, type Person } from './web-host';
import { launchChromium } from './web-testing';

/**
 * An XSS corpus sent as messages, rendered by the web client in Debian's Chromium live and
 * again from history after a reload. Every payload tries to set `window.__xss` (or open a
 * dialog); the page must show each one as text, run none of it, and report no CSP violation
 * — the sanitiser (apps/web/src/app/content) and the host's policy (libs/host/src/web-root.ts)
 * must each hold on their own, so a violation report means the first wall leaked.
 */
interface Payload {
  text: string;
  /** What a reader sees (whitespace collapsed); the text itself unless markdown changes it. */
  visible?: string;
}

const CORPUS: Payload[] = [
  // Raw HTML: markdown-it's html:false leaves it as text.
  { text: '<script>window.__xss=1</script>' },
  { text: '<img src=x onerror="window.__xss=2">' },
  { text: '<svg onload="window.__xss=3">' },
  { text: '<svg><script>window.__xss=4</script></svg>' },
  { text: '<iframe src="javascript:window.__xss=5"></iframe>' },
  { text: '<iframe srcdoc="<script>parent.__xss=6</script>"></iframe>' },
  { text: '<object data="javascript:window.__xss=7"></object>' },
  { text: '<embed src="javascript:window.__xss=8">' },
  { text: '<a href="javascript:window.__xss=9">click</a>' },
  {
    text: '<a href="jav&#x61;script:window.__xss=10">x</a>',
    visible: '<a href="javascript:window.__xss=10">x</a>',
  },
  { text: '<a href="java\tscript:window.__xss=11">tab</a>' },
  { text: '<details open ontoggle=window.__xss=12>' },
  { text: '<input autofocus onfocus=window.__xss=13>' },
  { text: '<video><source onerror=window.__xss=14></video>' },
  { text: '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=15>' },
  { text: '<form action="javascript:window.__xss=16"><button>go</button></form>' },
  { text: '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=17">' },
  { text: '<base href="https://evil.example/">' },
  { text: '<<script>script>window.__xss=19<</script>/script>' },
  { text: '<scr<script>ipt>window.__xss=20</scr</script>ipt>' },
  // Entities decode to text, never to markup.
  {
    text: '&lt;script&gt;window.__xss=21&lt;/script&gt;',
    visible: '<script>window.__xss=21</script>',
  },
  // CSS injection.
  { text: '<div style="background:url(javascript:window.__xss=22)">styled</div>' },
  { text: '<style>*{background:url("https://evil.example/x")}</style>' },
  { text: '<p style="position:fixed;inset:0;z-index:9">overlay</p>' },
  // Markdown links with script-capable or foreign schemes stay as typed.
  { text: '[click](javascript:window.__xss=25)' },
  { text: '[click](JaVaScRiPt:window.__xss=26)' },
  {
    text: '[click](&#106;avascript:window.__xss=27)',
    visible: '[click](javascript:window.__xss=27)',
  },
  {
    text: '[click](java&#x09;script:window.__xss=28)',
    visible: '[click](java script:window.__xss=28)',
  },
  { text: '[click](<javascript:window.__xss=29>)' },
  { text: '[click](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MzA8L3NjcmlwdD4=)' },
  { text: '[click](vbscript:msgbox(31))' },
  { text: '<javascript:window.__xss=32>' },
  { text: '[click](https://example.com\njavascript:window.__xss=33)' },
  {
    text: '[ref][r]\n\n[r]: javascript:window.__xss=34',
    visible: '[ref][r] [r]: javascript:window.__xss=34',
  },
  // Attribute break-outs through link titles and texts.
  { text: '[x](https://example.com "t\\" onmouseover=\\"window.__xss=35")', visible: 'x' },
  {
    text: '[<img src=x onerror=window.__xss=36>](https://example.com)',
    visible: '<img src=x onerror=window.__xss=36>',
  },
  { text: '![x](javascript:window.__xss=37)' },
  {
    text: '![x" onerror="window.__xss=38](https://example.com/x.png)',
    visible: '!x" onerror="window.__xss=38',
  },
  { text: 'https://example.com/?q="><img src=x onerror=window.__xss=39>' },
  // Markup inside markdown structures.
  {
    text: '**<img src=x onerror=window.__xss=40>**',
    visible: '<img src=x onerror=window.__xss=40>',
  },
  {
    text: '> <iframe src=javascript:window.__xss=41>',
    visible: '<iframe src=javascript:window.__xss=41>',
  },
  {
    text: '- <svg><animate onbegin=window.__xss=42 attributeName=x dur=1s>',
    visible: '<svg><animate onbegin=window.__xss=42 attributeName=x dur=1s>',
  },
  { text: '`<img src=x onerror=window.__xss=43>`', visible: '<img src=x onerror=window.__xss=43>' },
  {
    text: '```html\n<script>window.__xss=44</script>\n```',
    visible: '<script>window.__xss=44</script>',
  },
  // Mention markup injection.
  { text: '@<img src=x onerror="window.__xss=45">' },
  { text: '@all<script>window.__xss=46</script>' },
  { text: '@bob<svg/onload=window.__xss=47>' },
  // Template injection: Angular never compiles message text.
  { text: "{{constructor.constructor('window.__xss=48')()}} {{7*7}}" },
];

/**
 * The browser APIs the page-side functions below use. They run in Chromium (Playwright sends
 * their source); this Node project has no DOM types, so they reach the page through these.
 */
interface PageElement {
  tagName: string;
  outerHTML: string;
  attributes: Iterable<{ name: string; value: string }>;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}
interface PageGlobals {
  document: {
    querySelector(selector: string): PageElement | null;
    addEventListener(
      type: 'securitypolicyviolation',
      listener: (event: { violatedDirective: string; blockedURI: string }) => void,
    ): void;
  };
  location: { href: string };
  __violations: string[];
  __xss?: unknown;
}

/** Runs in every document before its scripts: records what a payload might set off. */
function watchForAttacks(): void {
  const page = globalThis as unknown as PageGlobals;
  page.__violations = [];
  page.document.addEventListener('securitypolicyviolation', (event) => {
    page.__violations.push(
      `${event.violatedDirective} ${event.blockedURI} @ ${page.location.href}`,
    );
  });
}

/** The messages area's elements and attributes that must never appear. */
function forbiddenMarkup(): string[] {
  const area = (globalThis as unknown as PageGlobals).document.querySelector(
    '[data-testid=messages]',
  );
  if (!area) return ['no messages area'];
  const found: string[] = [];
  for (const element of area.querySelectorAll(
    'script, iframe, object, embed, svg, math, form, input, style, meta, base, video, audio, img[onerror]',
  ))
    found.push(element.outerHTML.slice(0, 120));
  for (const body of area.querySelectorAll('[data-testid=message-text]'))
    for (const element of body.querySelectorAll('*')) {
      if (element.tagName === 'IMG') found.push(element.outerHTML.slice(0, 120));
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith('on') || name === 'style' || name === 'srcdoc')
          found.push(`${element.tagName} ${name}`);
        if (
          (name === 'href' || name === 'src' || name === 'action') &&
          !/^(https?:|mailto:)/i.test(attribute.value)
        )
          found.push(`${element.tagName} ${name}=${attribute.value}`);
      }
      if (element.tagName === 'A' && element.getAttribute('rel') !== 'noopener noreferrer nofollow')
        found.push(`A rel=${element.getAttribute('rel')}`);
    }
  return found;
}

const xssFlag = () => (globalThis as unknown as PageGlobals).__xss;
const violations = () => (globalThis as unknown as PageGlobals).__violations;

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('the web client against an XSS corpus', () => {
  let host: WebTestHost;
  let baseUrl: string;
  let bob: Person;
  let browser: Browser;
  let page: Page;
  let aliceToken: string;
  let channelId: string;
  const dialogs: string[] = [];
  const consoleCspErrors: string[] = [];
  const pageErrors: string[] = [];

  async function openChannel() {
    await page.getByTestId('conversation').filter({ hasText: '# xss' }).click();
    await page.waitForURL(`${baseUrl}/c/${channelId}`);
  }

  /** Waits until the corpus is on screen, then checks each message and the page's state. */
  async function expectCorpusShownAsText() {
    const bodies = page.getByTestId('message-text');
    await expect
      .poll(() => bodies.count(), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(CORPUS.length);
    // Hover every message: handlers like onmouseover would fire now if any had survived.
    for (const body of (await bodies.all()).slice(-CORPUS.length)) await body.hover();
    const shown = (await bodies.allInnerTexts()).slice(-CORPUS.length).map(normalise);
    expect(shown).toEqual(CORPUS.map((p) => normalise(p.visible ?? p.text)));
    expect(await page.evaluate(forbiddenMarkup)).toEqual([]);
    expect(await page.evaluate(xssFlag)).toBeUndefined();
    expect(await page.evaluate(violations)).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(consoleCspErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(page.url()).toBe(`${baseUrl}/c/${channelId}`); // no <meta refresh>, no <base> hijack
  }

  beforeAll(async () => {
    host = await WebTestHost.start();
    baseUrl = host.baseUrl;
    await host.person('alice');
    bob = await host.person('bob');
    aliceToken = host.token('alice');
    channelId = await host.conversation(aliceToken, {
      kind: 'channel',
      visibility: 'private',
      name: 'xss',
      memberIds: [bob.id],
    });
    browser = await launchChromium();
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 1100, height: 800 },
    });
    await context.addInitScript(watchForAttacks);
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (/content security policy/i.test(message.text())) consoleCspErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it(`shows ${CORPUS.length} payloads as text, live, and runs none of them`, async () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('sign-in').click();
    await submitLogin(page, bob.username, bob.password);
    await page.waitForURL(`${baseUrl}/`);
    await openChannel();
    for (const payload of CORPUS) {
      const sent = await fetch(`${baseUrl}/api/v1/conversations/${channelId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${aliceToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: payload.text }),
      });
      expect(sent.status, `${payload.text}: ${await sent.clone().text()}`).toBe(201);
    }
    await expectCorpusShownAsText();
  });

  it('shows them as text from history after a reload, too', async () => {
    await page.reload(); // tokens are in memory: the reload signs in again, no password
    await page.getByTestId('sign-in').click();
    await page.getByTestId('conversation').filter({ hasText: '# xss' }).waitFor();
    if (page.url() !== `${baseUrl}/c/${channelId}`) await openChannel();
    await expectCorpusShownAsText();
  });

  it('renders the safe parts of markdown: links open in a new tab, mentions are chips', async () => {
    const link = page.getByTestId('message-text').locator('a[href^="https://example.com"]').first();
    expect(await link.getAttribute('target')).toBe('_blank');
    const chip = page.getByTestId('message-text').locator('.mention[data-mention=bob]').first();
    expect(await chip.textContent()).toBe('@bob');
    expect(await chip.getAttribute('class')).toContain('mention-me'); // Bob is reading
  });

  it('blocks what gets past the sanitiser anyway: the host’s CSP is a wall of its own', async () => {
    // Last, as it causes violations on purpose — which also shows the listener above works.
    await page.evaluate(`
      const script = document.createElement('script');
      script.textContent = 'window.__xss = "inline script ran"';
      const style = document.createElement('style');
      style.textContent = 'body { display: none }';
      const image = document.createElement('img');
      image.src = 'https://evil.example/pixel.png';
      document.body.append(script, style, image);
    `);
    await expect.poll(() => page.evaluate(violations)).toHaveLength(3);
    const reported = (await page.evaluate(violations)).sort();
    expect(reported, reported.join('\n')).toEqual([
      expect.stringMatching(/^img-src https:\/\/evil\.example\/pixel\.png /),
      expect.stringMatching(/^script-src(-elem)? inline /),
      expect.stringMatching(/^style-src(-elem)? inline /),
    ]);
    expect(await page.evaluate(xssFlag)).toBeUndefined();
    expect(await page.locator('body').isVisible()).toBe(true);
  });
});
