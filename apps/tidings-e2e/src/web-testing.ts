import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { submitLogin } from './oidc-test-client';

/**
 * Helpers for the browser tests of the web client: Debian's Chromium, signing in through the
 * SPA and the built-in issuer's form, and an axe-core accessibility check.
 */

export interface LaunchOptions {
  /** More command-line switches (fake camera and microphone, screen capture, …). */
  extraArgs?: readonly string[];
}

export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      ...(options.extraArgs ?? []),
    ],
  });
}

/** A page in a browser context of its own: its own cookies, so its own person. */
export async function freshPage(browser: Browser, locale = 'en-US'): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  return context.newPage();
}

/**
 * Opens `path` signed out, presses the SPA's sign-in button, fills the issuer's form and waits
 * to be back at `path`. Returns the access token the SPA then sends (read off its first API
 * request after the callback), for checking the API with the same person.
 */
export async function signInAt(
  page: Page,
  url: string,
  username: string,
  password: string,
): Promise<string> {
  await page.goto(url);
  await page.getByTestId('sign-in').click();
  await page.locator('form input[name=username]').waitFor();
  const authorized = page.waitForRequest(
    (r) => r.url().includes('/api/v1/') && Boolean(r.headers()['authorization']),
  );
  await submitLogin(page, username, password);
  const token = (await authorized).headers()['authorization']?.replace(/^Bearer /, '') ?? '';
  await page.waitForURL((current) => current.pathname === new URL(url).pathname);
  return token;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

/**
 * Runs axe-core on the page (or one frame of it, e.g. the widget's) as it is now; the serious
 * and critical violations.
 */
export async function seriousViolations(page: Page | Frame): Promise<AxeViolation[]> {
  // Evaluated rather than added as a <script>: the client's Content Security Policy rightly
  // refuses inline scripts, and the check must not need the policy loosened.
  await page.evaluate(AXE);
  // A string, not a function: this project type-checks without the DOM library.
  const violations = (await page.evaluate(`
    axe.run(document).then((result) =>
      result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      })),
    )
  `)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One line per violation, for an assertion message a person can act on. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    )
    .join('\n');
}
