import { createTestSqliteDatabase } from '@tidings/platform/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCliInProcess } from './cli.testing';
import { MessagingTestHost, type As } from './messaging.testing';

const alice: As = { username: 'alice' };

/**
 * `tidings webhook create` against the database a running host uses: the webhook it prints
 * then works (the CLI runs in-process here; apps/tidings-e2e runs the built binary).
 */
describe('tidings webhook create', () => {
  const db = createTestSqliteDatabase();
  const host = new MessagingTestHost();
  let channelId: string;

  beforeAll(async () => {
    await host.start({ DATABASE_URL: db.url, PUBLIC_URL: 'https://chat.example.com' });
    await host.projected([await host.person('alice')]);
    const channel = await host.call('POST', '/conversations', alice, {
      kind: 'channel',
      visibility: 'public',
      name: 'alerts',
    });
    channelId = (channel.json() as { id: string }).id;
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await host.stop();
    await db.drop();
  });

  /** Runs the CLI with the host's configuration; answers what it printed. */
  async function tidings(...args: string[]) {
    vi.stubEnv('DATABASE_URL', db.url);
    vi.stubEnv('PUBLIC_URL', 'https://chat.example.com');
    return runCliInProcess(...args);
  }

  it('creates a Standard Webhooks webhook by channel name, whose signed post is then posted', async () => {
    const { stdout, exitCode } = await tidings(
      'webhook',
      'create',
      '--conversation',
      'alerts',
      '--auth',
      'standard',
      '--name',
      'Alertmanager',
      '--json',
    );
    expect(exitCode ?? 0).toBe(0);
    const created = JSON.parse(stdout) as {
      webhook: { id: string; url: string; conversations: Array<{ id: string }> };
      secret: string;
    };
    expect(created.webhook.conversations).toEqual([{ id: channelId, name: 'alerts' }]);
    expect(created.webhook.url).toBe(`https://chat.example.com/hooks/${created.webhook.id}`);
    const body = JSON.stringify({ text: 'FIRING: HighLatency' });
    const now = new Date();
    const response = await host.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: `/hooks/${created.webhook.id}`,
        headers: {
          'content-type': 'application/json',
          'webhook-id': 'am-1',
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': new Webhook(created.secret).sign('am-1', now, body),
        },
        payload: body,
      });
    expect(response.statusCode, response.body).toBe(200);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const history = await host.call('GET', `/conversations/${channelId}/messages`, alice);
      const items = (history.json() as { items: Array<{ text: string; sender: { kind: string } }> })
        .items;
      if (items.some((m) => m.text === 'FIRING: HighLatency' && m.sender.kind === 'integration'))
        break;
      if (Date.now() > deadline) throw new Error('the webhook message never appeared');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it('prints the URL with its token in url mode, and refuses an unknown conversation', async () => {
    const { stdout } = await tidings('webhook', 'create', '--conversation', channelId);
    expect(stdout).toMatch(/POST https:\/\/chat\.example\.com\/hooks\/[0-9a-f-]+\?token=\S+/);
    const missing = await tidings('webhook', 'create', '--conversation', 'no-such-channel');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/no-such-channel/);
  });
});
