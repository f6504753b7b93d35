import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebTestHost, type Person } from './web-host';
import { freshPage, launchChromium, signInAt } from './web-testing';

const SCREENSHOTS = 'docs/screenshots';

/** A click as the OA system's callback verified it. */
interface Callback {
  actionId: string;
  values: Record<string, string>;
  user: { username: string; displayName: string };
}

/**
 * The approval example of docs/integrations.md in Chromium against the built host: an OA
 * system (a bot with a token, and a subscription sending the bot's card clicks to a local
 * callback) posts a leave request card to the manager; she types a comment and clicks Approve
 * in the browser; the OA system receives the signed callback and answers with the new card,
 * which replaces the request on her screen.
 */
describe('approving a leave request in the browser', () => {
  let host: WebTestHost;
  let browser: Browser;
  let oa: Server;
  let secret = '';
  const callbacks: Callback[] = [];
  let manager: Person;
  let conversationId = '';
  let botToken = '';

  beforeAll(async () => {
    oa = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      request.on('end', () => {
        // An OA system trusts nothing it cannot verify.
        const event = new Webhook(secret).verify(
          raw,
          request.headers as Record<string, string>,
        ) as {
          data: Callback;
        };
        callbacks.push(event.data);
        const card = {
          title: `Approved by ${event.data.user.displayName} at 14:02`,
          accent: 'success',
          text: `> ${event.data.values['comment'] ?? ''}`,
          footer: 'OA · leave request 2026-0417',
        };
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ card }));
      });
    });
    await new Promise<void>((ready) => oa.listen(0, '127.0.0.1', ready));
    const callbackUrl = `http://127.0.0.1:${(oa.address() as AddressInfo).port}/tidings/callback`;

    // The OA system is on loopback, which the SSRF guard refuses unless allowlisted.
    host = await WebTestHost.start({ INTEGRATIONS_ALLOW_HOSTS: '127.0.0.1' });
    manager = await host.person('wangfang', '王芳');
    const bot = await host.api<{ id: string }>(host.adminToken, 'POST', '/bots', {
      username: 'oa-approvals',
      displayName: 'OA 审批',
    });
    botToken = (
      await host.api<{ token: string }>(host.adminToken, 'POST', `/bots/${bot.id}/tokens`, {})
    ).token;
    secret = (
      await host.api<{ secret: string }>(host.adminToken, 'POST', '/integrations/subscriptions', {
        name: 'OA approvals',
        url: callbackUrl,
        botId: bot.id,
        events: ['integrations.card.action'],
      })
    ).secret;
    conversationId = await host.conversation(botToken, { kind: 'direct', userId: manager.id });
    await host.api(botToken, 'POST', `/conversations/${conversationId}/messages`, {
      text: 'Leave request: 李雷, 3 days',
      card: {
        title: 'Leave request: 李雷, 3 days',
        subtitle: '2026-12-01 → 2026-12-03',
        text: 'Family matters. Handover to **韩梅梅**.',
        fields: [
          { title: 'Type', value: 'Annual leave', short: true },
          { title: 'Balance', value: '7 days', short: true },
        ],
        inputs: [{ type: 'text', id: 'comment', label: 'Comment', maxLength: 200 }],
        actions: [
          { id: 'approve', label: 'Approve', style: 'primary' },
          { id: 'reject', label: 'Reject', style: 'danger' },
        ],
        footer: 'OA · leave request 2026-0417',
      },
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await new Promise((closed) => oa?.close(closed));
  });

  it('the manager approves with a comment; the OA system answers and the card updates', async () => {
    const page = await freshPage(browser);
    await signInAt(page, `${host.baseUrl}/c/${conversationId}`, 'wangfang', manager.password);
    const card = page.getByTestId('card');
    await expect
      .poll(() => card.getByTestId('card-title').textContent(), { timeout: 15_000 })
      .toBe('Leave request: 李雷, 3 days');
    expect(await card.getAttribute('data-card-version')).toBe('1');
    await page.screenshot({ path: `${SCREENSHOTS}/card-approval-request-en.png` });

    await card.getByTestId('card-input-comment').fill('好的，注意休息');
    await card.getByTestId('card-action-approve').click();

    await expect
      .poll(() => card.getByTestId('card-title').textContent(), { timeout: 15_000 })
      .toBe('Approved by 王芳 at 14:02');
    expect(await card.getAttribute('data-card-version')).toBe('2');
    expect(await card.getByTestId('card-text').textContent()).toContain('好的，注意休息');
    // The answered card has no actions left to click.
    expect(await card.getByTestId('card-action-approve').count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}/card-approval-approved-en.png` });

    expect(callbacks).toEqual([
      {
        actionEventId: expect.any(String),
        messageId: expect.any(String),
        conversationId,
        cardVersion: 1,
        actionId: 'approve',
        values: { comment: '好的，注意休息' },
        user: { id: manager.id, username: 'wangfang', displayName: '王芳' },
        senderId: expect.any(String),
      },
    ]);

    // Another device of hers, opened afterwards, shows the card as it is now.
    const again = await freshPage(browser);
    await signInAt(again, `${host.baseUrl}/c/${conversationId}`, 'wangfang', manager.password);
    await expect
      .poll(() => again.getByTestId('card').getByTestId('card-title').textContent(), {
        timeout: 15_000,
      })
      .toBe('Approved by 王芳 at 14:02');
  });
});
