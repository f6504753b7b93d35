import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, WebTestHost, type Person } from './web-host';
import {
  describeViolations,
  freshPage,
  launchChromium,
  seriousViolations,
  signInAt,
} from './web-testing';

/**
 * The integrations console in Chromium against the built host (issue #9's browser lines):
 * an administrator creates an incoming webhook in the console, a plain HTTP POST to the URL
 * it shows appears in the channel (marked as from an integration); an administrator creates
 * an outgoing subscription to a local receiver that answers 500 and then 200, a message is
 * posted, and the delivery log shows both attempts with the same webhook-id; an administrator
 * allows a widget site, sees a duplicate refused beside the origin, and removes it.
 */
const SCREENSHOTS = 'docs/screenshots';

/** What the local receiver got: each request's webhook-id and parsed body. */
interface Received {
  webhookId: string;
  body: { type?: string; data?: { text?: string; messageId?: string } };
}

describe('the integrations console in the browser', () => {
  let host: WebTestHost;
  let browser: Browser;
  let wang: Person;
  let wangToken: string;
  let opsId: string;
  let erpId: string;
  let receiver: Server;
  let receiverUrl = '';
  const received: Received[] = [];
  /** webhook-ids the receiver has answered 500 to (each gets one failure, then 200). */
  const failedOnce = new Set<string>();
  let admin: Page;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      request.on('end', () => {
        const webhookId = String(request.headers['webhook-id'] ?? '');
        received.push({ webhookId, body: JSON.parse(raw || '{}') as Received['body'] });
        const first = !failedOnce.has(webhookId);
        failedOnce.add(webhookId);
        response.writeHead(first ? 500 : 200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(first ? { error: 'busy, try again' } : { ok: true }));
      });
    });
    await new Promise<void>((ready) => receiver.listen(0, '127.0.0.1', ready));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/tidings/events`;

    // The receiver is on loopback, which the SSRF guard refuses unless allowlisted.
    host = await WebTestHost.start({ INTEGRATIONS_ALLOW_HOSTS: '127.0.0.1' });
    wang = await host.person('wang', '王芳');
    wangToken = host.token('wang');
    opsId = await host.conversation(wangToken, {
      kind: 'channel',
      visibility: 'public',
      name: 'ops',
    });
    erpId = await host.conversation(wangToken, {
      kind: 'channel',
      visibility: 'public',
      name: 'erp',
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    admin = await freshPage(browser);
    await signInAt(admin, `${host.baseUrl}/admin`, 'admin', ADMIN_PASSWORD);
    await admin.getByTestId('admin-nav-integrations').click();
    await admin.getByTestId('integrations-tab-webhooks').waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await new Promise((closed) => receiver?.close(closed));
  });

  it('an admin creates an incoming webhook; a POST to the URL it shows appears in the channel', async () => {
    // Someone in the channel is looking at it while the post arrives.
    const reader = await freshPage(browser);
    await signInAt(reader, `${host.baseUrl}/c/${opsId}`, 'wang', wang.password);
    await expect
      .poll(() => reader.getByTestId('conversation-title').textContent())
      .toContain('ops');

    // A problem is named before anything is sent.
    await admin.getByTestId('webhook-create').click();
    await expect
      .poll(() => admin.getByTestId('webhook-problems').textContent())
      .toContain('Enter a display name.');

    await admin.getByTestId('webhook-display-name').fill('Deploy bot');
    await admin.getByTestId('webhook-conversation-select').selectOption({ label: '# ops' });
    await admin.getByTestId('webhook-conversation-add').click();
    await expect
      .poll(() => admin.getByTestId('webhook-conversation-chosen').textContent())
      .toContain('# ops');
    await admin.getByTestId('webhook-create').click();

    // Shown once: the URL to post to (url mode: the token is in it) and the secret.
    const url = (await admin.getByTestId('webhook-url').textContent())?.trim() ?? '';
    expect(url).toMatch(new RegExp(`^${host.baseUrl}/hooks/[0-9a-f-]+\\?token=.+`));
    expect((await admin.getByTestId('webhook-secret').textContent())?.trim()).not.toBe('');
    const violations = await seriousViolations(admin);
    expect(violations, describeViolations(violations)).toEqual([]);
    await admin.getByTestId('secret-once-done').click();
    await expect.poll(() => admin.getByTestId('secret-once').count()).toBe(0);
    const row = admin.getByTestId('webhook-row').filter({ hasText: 'Deploy bot' });
    await expect.poll(() => row.textContent()).toContain('# ops');

    // A sender system posts, as curl would.
    const posted = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Deploy of **billing v2.3** finished ✅' }),
    });
    expect(posted.status, await posted.clone().text()).toBe(200);
    const { messageId } = (await posted.json()) as { messageId: string };
    expect(messageId).toBeTruthy();

    const message = reader
      .getByTestId('message')
      .filter({ hasText: 'Deploy of billing v2.3 finished ✅' });
    await expect.poll(() => message.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => message.locator('.sender').textContent()).toBe('Deploy bot');
    expect(await message.getByTestId('sender-badge').getAttribute('data-kind')).toBe('integration');
    expect(await message.locator('strong', { hasText: 'billing v2.3' }).count()).toBe(1);

    // A native card: linked title, markdown text, short fields side by side, a link button.
    const cardPost = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        card: {
          title: 'Deploy billing v2.3',
          url: 'https://ci.example.com/builds/731',
          subtitle: 'production',
          text: 'All **42** checks passed',
          accent: 'success',
          fields: [
            { title: 'Commit', value: '`a1b2c3d`', short: true },
            { title: 'By', value: '王芳', short: true },
          ],
          actions: [
            { id: 'logs', label: 'Open logs', url: 'https://ci.example.com/builds/731/logs' },
          ],
          footer: 'CI #731',
        },
      }),
    });
    expect(cardPost.status, await cardPost.clone().text()).toBe(200);
    const card = reader.getByTestId('card').filter({ hasText: 'Deploy billing v2.3' });
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    expect(await card.getByTestId('card-title').getAttribute('href')).toBe(
      'https://ci.example.com/builds/731',
    );
    expect(await card.getByTestId('card-subtitle').textContent()).toBe('production');
    expect(await card.getByTestId('card-text').locator('strong').textContent()).toBe('42');
    expect(await card.getByTestId('card-field').count()).toBe(2);
    expect(await card.getByTestId('card-link-logs').getAttribute('href')).toBe(
      'https://ci.example.com/builds/731/logs',
    );
    expect(await card.getByTestId('card-link-logs').getAttribute('rel')).toBe(
      'noopener noreferrer nofollow',
    );
    expect((await card.getByTestId('card-footer').textContent())?.trim()).toBe('CI #731');
    expect(await card.getAttribute('class')).toContain('accent-success');
    // The card-only post's fallback text (its title) is not shown a second time above it.
    const cardMessage = reader.getByTestId('message').filter({ has: card });
    expect(await cardMessage.getByTestId('message-text').count()).toBe(0);
    await reader.context().close();
  });

  it("a bot's card: inputs checked, a refusal beside its input, a click handed on, the update live", async () => {
    // A bot (OA System) opens a channel with 王芳 and posts a leave request card into it.
    const bot = await host.api<{ id: string }>(host.adminToken, 'POST', '/bots', {
      username: 'oa-system',
      displayName: 'OA System',
    });
    const { token: botToken } = await host.api<{ token: string }>(
      host.adminToken,
      'POST',
      `/bots/${bot.id}/tokens`,
      {},
    );
    const channelId = await host.conversation(botToken, {
      kind: 'channel',
      visibility: 'private',
      name: 'leave-requests',
    });
    await host.api(botToken, 'POST', `/conversations/${channelId}/members`, { userIds: [wang.id] });
    const title = 'Leave request: Bob, 3 days';
    const posted = await host.api<{ id: string; cardVersion: number }>(
      botToken,
      'POST',
      `/conversations/${channelId}/messages`,
      {
        text: 'Leave request from Bob',
        card: {
          title,
          text: 'From **Mon 3 Aug** to Wed 5 Aug',
          fields: [{ title: 'Type', value: 'Annual leave', short: true }],
          inputs: [
            {
              type: 'select',
              id: 'days',
              label: 'Days approved',
              options: [
                { value: '3', label: 'All 3 days' },
                { value: '2', label: '2 days' },
              ],
              required: true,
            },
            { type: 'text', id: 'comment', label: 'Comment', multiline: true, maxLength: 200 },
          ],
          actions: [
            { id: 'approve', label: 'Approve', style: 'primary' },
            { id: 'reject', label: 'Reject', style: 'danger' },
          ],
        },
      },
    );
    expect(posted.cardVersion).toBe(1);

    const page = await freshPage(browser);
    await signInAt(page, `${host.baseUrl}/c/${channelId}`, 'wang', wang.password);
    const card = page.getByTestId('card').filter({ hasText: title });
    await expect.poll(() => card.getAttribute('data-card-version')).toBe('1');
    const message = page.getByTestId('message').filter({ has: card });
    expect(await message.getByTestId('sender-badge').getAttribute('data-kind')).toBe('bot');
    expect((await message.getByTestId('message-text').textContent())?.trim()).toBe(
      'Leave request from Bob',
    );
    const cardViolations = await seriousViolations(page);
    expect(cardViolations, describeViolations(cardViolations)).toEqual([]);
    const clicks: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith(`/messages/${posted.id}/card-actions`))
        clicks.push(request.postData() ?? '');
    });

    // A required choice left empty is named beside it, and nothing is sent.
    await card.getByTestId('card-action-approve').click();
    await expect
      .poll(() => card.getByTestId('card-problem').textContent())
      .toContain('Fill this in first.');
    expect(await card.getByTestId('card-input-days').getAttribute('aria-invalid')).toBe('true');
    expect(clicks).toEqual([]);

    // The server's refusal of a value (sent altered on the way here) is shown beside its input.
    await card.getByTestId('card-input-days').selectOption('2');
    await card.getByTestId('card-input-comment').fill('Enjoy the break');
    const route = `**/api/v1/messages/${posted.id}/card-actions`;
    await page.route(route, (request) =>
      request.continue({
        postData: JSON.stringify({ actionId: 'approve', values: { days: '9' } }),
      }),
    );
    await card.getByTestId('card-action-approve').click();
    await expect
      .poll(() => card.getByTestId('card-problem').textContent())
      .toContain('"9" is not one of the choices for Days approved.');
    await page.unroute(route);

    // While a click is in flight every button waits; no receiver yet, so it is queued.
    let held: (() => Promise<void>) | undefined;
    await page.route(route, (request) => {
      held = () => request.continue();
    });
    await card.getByTestId('card-action-approve').click();
    await expect.poll(() => held !== undefined).toBe(true);
    // (Polled: the request leaves before the next render; it cannot finish while held.)
    await expect.poll(() => card.getByTestId('card-action-approve').isDisabled()).toBe(true);
    expect(await card.getByTestId('card-action-reject').isDisabled()).toBe(true);
    expect(await card.getAttribute('aria-busy')).toBe('true');
    await held?.();
    await expect
      .poll(() => card.getByTestId('card-status').getAttribute('data-status'))
      .toBe('queued');
    expect(await card.getByTestId('card-action-approve').isDisabled()).toBe(false);
    expect(JSON.parse(clicks.at(-1) ?? '{}')).toEqual({
      actionId: 'approve',
      values: { days: '2', comment: 'Enjoy the break' },
    });
    await page.unroute(route);

    // The OA system answers later by updating its card: it changes live, the buttons gone.
    await host.api(botToken, 'PUT', `/messages/${posted.id}/card`, {
      card: { title, text: '**Approved** by 王芳: 2 days', accent: 'success' },
      ifVersion: 1,
    });
    await expect.poll(() => card.getAttribute('data-card-version')).toBe('2');
    expect(await card.getByTestId('card-text').textContent()).toBe('Approved by 王芳: 2 days');
    expect(await card.locator('button').count()).toBe(0);
    expect(await card.getByTestId('card-status').count()).toBe(0);
    // Without this the context's close waits for the routes' handlers forever.
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.context().close();
  });

  it('an admin creates a bot and a scoped token in the console, shown once, and revokes it', async () => {
    await admin.getByTestId('integrations-tab-bots').click();
    await admin.getByTestId('bot-username').fill('CI');
    await admin.getByTestId('bot-create').click();
    await expect
      .poll(() => admin.getByTestId('bot-problem').textContent())
      .toContain('3-64 lowercase letters');
    await admin.getByTestId('bot-username').fill('ci-bot');
    await admin.getByTestId('bot-display-name').fill('CI 机器人');
    await admin.getByTestId('bot-create').click();
    // A new bot's tokens open at once: it needs one next.
    const panel = admin.getByTestId('bot-token-panel');
    await panel.waitFor();
    expect(await admin.getByTestId('bot-row').filter({ hasText: '@ci-bot' }).count()).toBe(1);

    // Only what it needs: connectors and reading, no posting or directory lookups.
    await panel.getByTestId('token-scope-messaging.write').uncheck();
    await panel.getByTestId('token-scope-directory.read').uncheck();
    await panel.getByTestId('token-create').click();
    const token = (await admin.getByTestId('bot-token').textContent())?.trim() ?? '';
    expect(token).toMatch(/^tdg_/);
    await admin.getByTestId('secret-once-done').click();
    const row = panel.getByTestId('token-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('connectors.use, messaging.read');
    expect(await row.textContent()).not.toContain('messaging.write');

    const whoami = () =>
      fetch(`${host.baseUrl}/api/v1/connect/whoami`, {
        headers: { authorization: `Bearer ${token}` },
      });
    const me = await whoami();
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      username: 'ci-bot',
      kind: 'bot',
      scopes: ['connectors.use', 'messaging.read'],
    });

    admin.once('dialog', (dialog) => void dialog.accept());
    await row.getByTestId('token-revoke').click();
    await expect.poll(() => row.getAttribute('data-revoked')).toBe('true');
    expect((await whoami()).status).toBe(401);
  });

  it('an admin creates an outgoing subscription; the delivery log shows the 500 and the 200', async () => {
    await admin.getByTestId('integrations-tab-subscriptions').click();
    await admin.getByTestId('subscription-name').fill('ERP events');
    await admin.getByTestId('subscription-url').fill(receiverUrl);
    await admin.getByTestId('subscription-events').fill('messaging.message.sent');
    await admin.getByTestId('subscription-conversation-select').selectOption({ label: '# erp' });
    await admin.getByTestId('subscription-conversation-add').click();
    await admin.getByTestId('subscription-create').click();
    const secret = (await admin.getByTestId('subscription-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    await admin.getByTestId('secret-once-done').click();
    const row = admin.getByTestId('subscription-row').filter({ hasText: 'ERP events' });
    expect(await row.getAttribute('data-status')).toBe('active');

    // A message in the subscribed channel (and one elsewhere, which the filter leaves out).
    await host.api(wangToken, 'POST', `/conversations/${opsId}/messages`, { text: 'not for ERP' });
    await host.api(wangToken, 'POST', `/conversations/${erpId}/messages`, {
      text: 'PO-1042 approved',
    });

    // The receiver answers the first try 500; the retry (same webhook-id) gets 200.
    await expect
      .poll(() => received.filter((r) => r.body.data?.text === 'PO-1042 approved').length, {
        timeout: 60_000,
      })
      .toBe(2);
    const tries = received.filter((r) => r.body.data?.text === 'PO-1042 approved');
    expect(tries[0]?.webhookId).toMatch(/^msg_/);
    expect(tries[1]?.webhookId).toBe(tries[0]?.webhookId);
    expect(tries[0]?.body.type).toBe('messaging.message.sent');
    expect(received.some((r) => r.body.data?.text === 'not for ERP')).toBe(false);

    // The delivery log: one delivery, delivered after two attempts, the 500 and the 200.
    await row.getByTestId('subscription-deliveries').click();
    const delivery = admin.getByTestId('delivery-row');
    await expect
      .poll(
        async () => {
          await admin.getByTestId('delivery-refresh').click();
          return delivery.first().getAttribute('data-status');
        },
        { timeout: 30_000 },
      )
      .toBe('succeeded');
    expect(await delivery.count()).toBe(1);
    expect((await delivery.getByTestId('delivery-attempts').textContent())?.trim()).toBe('2');
    expect((await delivery.getByTestId('delivery-code').textContent())?.trim()).toBe('200');
    await delivery.getByTestId('delivery-open').click();
    const attempts = admin.getByTestId('delivery-attempt');
    await expect.poll(() => attempts.count()).toBe(2);
    expect(await attempts.nth(0).getAttribute('data-status-code')).toBe('500');
    expect(await attempts.nth(1).getAttribute('data-status-code')).toBe('200');
    expect((await admin.getByTestId('delivery-webhook-id').textContent())?.trim()).toBe(
      tries[0]?.webhookId,
    );
    const violations = await seriousViolations(admin);
    expect(violations, describeViolations(violations)).toEqual([]);
    await admin.screenshot({ path: `${SCREENSHOTS}/admin-integrations-en.png`, fullPage: true });

    // Replay: attempted again now, with the same webhook-id, a third attempt in the log.
    await delivery.getByTestId('delivery-replay').click();
    await expect
      .poll(() => received.filter((r) => r.body.data?.text === 'PO-1042 approved').length, {
        timeout: 15_000,
      })
      .toBe(3);
    expect(received.at(-1)?.webhookId).toBe(tries[0]?.webhookId);
    await expect
      .poll(
        async () => {
          await admin.getByTestId('delivery-refresh').click();
          return attempts.count();
        },
        { timeout: 15_000 },
      )
      .toBe(3);
  });

  it('an admin allows a widget site in the console, a duplicate is refused beside it, and removes it', async () => {
    // The site's owner, made by the administrator (the console's bot form is scene 3's).
    const bot = await host.api<{ id: string }>(host.adminToken, 'POST', '/bots', {
      username: 'oa-portal',
      displayName: 'OA Portal',
    });
    // A page origin on loopback: the local receiver's, standing in for an OA server.
    const origin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const sites = async () =>
      (
        await host.api<{ items: Array<Record<string, unknown>> }>(
          host.adminToken,
          'GET',
          '/widget/sites',
        )
      ).items.filter((site) => site.origin === origin);

    await admin.getByTestId('integrations-tab-widget-sites').click();
    const originField = admin.getByTestId('site-origin');
    await originField.waitFor();
    // A path is named as wrong before anything is sent.
    await originField.fill(`${origin}/portal`);
    await admin.getByTestId('site-create').click();
    await expect
      .poll(() => admin.getByTestId('site-origin-problem').textContent())
      .toContain('scheme://host[:port]');
    expect(await admin.getByTestId('site-bot-problem').textContent()).toContain('Choose the bot');

    // The trailing slash a copied address brings along is dropped, as a browser's Origin has none.
    await originField.fill(`${origin}/`);
    await admin.getByTestId('site-bot').selectOption({ label: '@oa-portal (OA Portal)' });
    await admin.getByTestId('site-name').fill('OA 门户');
    await admin.getByTestId('site-create').click();
    const row = admin.locator(`[data-testid=site-row][data-origin="${origin}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('@oa-portal');
    expect(await row.textContent()).toContain('OA 门户');
    expect(await originField.inputValue()).toBe('');
    // Focus is back in the origin field, ready for the next site.
    expect(await admin.evaluate('document.activeElement?.id')).toBe('site-origin');
    expect(await sites()).toEqual([
      expect.objectContaining({ origin, botId: bot.id, botUsername: 'oa-portal', name: 'OA 门户' }),
    ]);
    // The snippet points at this Tidings' loader.
    expect(await admin.getByTestId('site-snippet').textContent()).toBe(
      `<script src="${host.baseUrl}/widget/loader.js" async></script>\n<tidings-chat></tidings-chat>`,
    );
    const violations = await seriousViolations(admin);
    expect(violations, describeViolations(violations)).toEqual([]);

    // The same origin again: the server's 409, shown beside the origin field.
    await originField.fill(origin);
    await admin.getByTestId('site-bot').selectOption({ label: '@oa-portal (OA Portal)' });
    const answer = admin.waitForResponse(
      (response) =>
        response.url().endsWith('/api/v1/widget/sites') && response.request().method() === 'POST',
    );
    await admin.getByTestId('site-create').click();
    expect((await answer).status()).toBe(409);
    await expect
      .poll(() => admin.getByTestId('site-origin-problem').textContent())
      .toContain('already a widget site');
    expect(await originField.getAttribute('aria-invalid')).toBe('true');
    expect(await admin.getByTestId('site-bot-problem').count()).toBe(0);
    expect(await row.count()).toBe(1);
    expect(await sites()).toHaveLength(1);

    // Removal asks first; then the row and the allowlist entry are gone.
    admin.once('dialog', (dialog) => void dialog.accept());
    await row.getByTestId('site-remove').click();
    await expect.poll(() => row.count()).toBe(0);
    expect(await admin.getByTestId('sites-status').textContent()).toContain(
      `${origin} was removed`,
    );
    expect(await admin.evaluate('document.activeElement?.id')).toBe('widget-sites-heading');
    expect(await sites()).toEqual([]);
  });
});
