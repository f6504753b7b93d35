import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitLogin } from './oidc-test-client';
import { WebTestHost } from './web-host';
import { launchChromium } from './web-testing';

/**
 * The web client's silent refresh, against a host whose access tokens live 4 seconds: the
 * client must renew them (rotating the refresh token) before they expire, and stay signed in.
 */
const PASSWORD = 'carol-password-123456';
const TTL_SECONDS = 4;

describe('the web client’s session', () => {
  let host: WebTestHost;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    host = await WebTestHost.start({ OIDC_ACCESS_TOKEN_TTL_SECONDS: String(TTL_SECONDS) });
    baseUrl = host.baseUrl;
    host.cli(['user', 'create', '--username', 'carol', '--password-stdin'], `${PASSWORD}\n`);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('refreshes the access token before it expires, rotating the refresh token', async () => {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    const refreshes: Array<{ sent: string; accessToken: string; refreshToken: string }> = [];
    page.on('response', async (response) => {
      const request = response.request();
      const body = new URLSearchParams(request.postData() ?? '');
      if (!request.url().endsWith('/oidc/token') || body.get('grant_type') !== 'refresh_token')
        return;
      expect(response.status()).toBe(200);
      const tokens = (await response.json()) as Record<string, string>;
      refreshes.push({
        sent: body.get('refresh_token') ?? '',
        accessToken: tokens['access_token'] ?? '',
        refreshToken: tokens['refresh_token'] ?? '',
      });
    });

    await page.goto(`${baseUrl}/`);
    await page.getByTestId('sign-in').click();
    await submitLogin(page, 'carol', PASSWORD);
    await page.waitForURL(`${baseUrl}/`);
    await page.getByTestId('me').waitFor();

    // Two refreshes: each before the token it replaces expires, each with the newest
    // refresh token (the issuer would refuse a spent one, and the client would sign out).
    await expect.poll(() => refreshes.length, { timeout: 3 * TTL_SECONDS * 1000 }).toBe(2);
    expect(refreshes[1]!.sent).toBe(refreshes[0]!.refreshToken);
    expect(refreshes[1]!.refreshToken).not.toBe(refreshes[0]!.refreshToken);
    const me = await fetch(`${baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${refreshes[1]!.accessToken}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'carol' });
    // Still signed in: a failed refresh would have brought back the sign-in page.
    expect(await page.getByTestId('sign-in').count()).toBe(0);
    expect(await page.getByTestId('me').textContent()).toBe('carol');
  });
});
