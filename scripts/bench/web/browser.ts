// Loads the client in Debian's Chromium and times the first screen and the signed-in screen.
import { chromium, type Browser } from 'playwright-core';
import { PERSON } from './host';

export interface Load {
  /** Navigation start → the sign-in button is in the page, enabled (Angular has bootstrapped). */
  signInReadyMs: number;
  /** The callback page's navigation start → the conversation list shows a conversation. */
  listShownMs: number;
}

/** The browser APIs watchScreens uses (it runs in Chromium; this Node project has no DOM types). */
interface PageGlobals {
  document: { querySelector(selector: string): { disabled?: boolean } | null };
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: Record<string, boolean>): void;
  };
  __benchMarks: { signIn?: number; list?: number };
}

/**
 * Runs in each document before its scripts: notes (performance.now(), i.e. ms since that
 * document's navigation started) when the sign-in button and the first conversation appear.
 */
function watchScreens(): void {
  const page = globalThis as unknown as PageGlobals;
  const marks: PageGlobals['__benchMarks'] = {};
  page.__benchMarks = marks;
  const check = () => {
    const button = page.document.querySelector('[data-testid=sign-in]');
    if (marks.signIn === undefined && button && !button.disabled) marks.signIn = performance.now();
    if (marks.list === undefined && page.document.querySelector('[data-testid=conversation]'))
      marks.list = performance.now();
  };
  new page.MutationObserver(check).observe(page.document, {
    childList: true,
    subtree: true,
    attributes: true,
  });
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
}

/** One load in a fresh browser context (empty cache, no issuer session): sign-in page, then sign in. */
export async function measureLoad(browser: Browser, baseUrl: string): Promise<Load> {
  const context = await browser.newContext({ locale: 'en-US' });
  try {
    await context.addInitScript(watchScreens);
    const page = await context.newPage();
    const mark = (name: 'signIn' | 'list') =>
      page
        .waitForFunction((key) => (globalThis as unknown as PageGlobals).__benchMarks[key], name, {
          timeout: 30_000,
        })
        .then((handle) => handle.jsonValue() as Promise<number>);
    await page.goto(`${baseUrl}/`);
    const signInReadyMs = await mark('signIn');
    await page.getByTestId('sign-in').click();
    await page.locator('form input[name=username]').waitFor();
    await page.fill('input[name=username]', PERSON.username);
    await page.fill('input[name=password]', PERSON.password);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => !url.pathname.startsWith('/oidc'));
    const listShownMs = await mark('list');
    return { signInReadyMs, listShownMs };
  } finally {
    await context.close();
  }
}
