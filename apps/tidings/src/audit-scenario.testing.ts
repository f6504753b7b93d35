import type { AuditReadStore } from '@tidings/audit/data-access';
import { AUDIT_READ_STORE } from '@tidings/audit/feature';
import { IDENTITY_SERVICE, PasswordHasher } from '@tidings/identity/data-access';
import { LoginActions } from '@tidings/identity/feature';
import { BusRuntime } from '@tidings/platform/bus';
import { expect } from 'vitest';
import { MessagingTestHost, type As } from './messaging.testing';

export const alice: As = { username: 'alice' };
export const bob: As = { username: 'bob' };
export const officer: As = { username: 'officer', roles: ['compliance'] };

/** What the scripted scenario left behind, for the assertions. */
export interface Scenario {
  ids: { alice: string; bob: string; carol: string };
  channelId: string;
  fileId: string;
  /** alice's message (with the file, later edited) and bob's (later deleted). */
  planId: string;
  greetingId: string;
  webhookId: string;
  webhookMessageId: string;
  /** alice's message after carol was removed. */
  afterId: string;
}

/**
 * The host for the export tests: the messaging host plus multipart uploads, the webhook route,
 * sign-in failures through identity's own LoginActions (on the host's identity outbox), and a
 * wait for the trail to have recorded what the bus carries.
 */
export class AuditScenarioHost extends MessagingTestHost {
  get trail(): AuditReadStore {
    return this.app.get<AuditReadStore>(AUDIT_READ_STORE);
  }

  async ok(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, as: As, body?: unknown) {
    const response = await this.call(method, url, as, body);
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.body ? response.json() : undefined;
  }

  async upload(as: As, conversationId: string, name: string, content: string): Promise<string> {
    const boundary = 'audit-export-boundary';
    const response = await this.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/api/v1/files',
        headers: {
          authorization: `Bearer ${await this.issuer.token({ sub: `kc-${as.username}`, username: as.username, roles: ['user'] })}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload: [
          `--${boundary}`,
          'Content-Disposition: form-data; name="conversationId"',
          '',
          conversationId,
          `--${boundary}`,
          `Content-Disposition: form-data; name="file"; filename="${name}"`,
          'Content-Type: text/plain',
          '',
          content,
          `--${boundary}--`,
          '',
        ].join('\r\n'),
      });
    expect(response.statusCode, response.body).toBe(201);
    return (response.json() as { id: string }).id;
  }

  /** Failed sign-ins at the built-in issuer's login code, published on identity's outbox. */
  async failLogins(username: string, times: number): Promise<void> {
    const login = new LoginActions(
      this.dataSource,
      this.app.get(BusRuntime).runnerFor(IDENTITY_SERVICE),
      new PasswordHasher(),
      { maxAttempts: 10, lockMinutes: 15 },
    );
    for (let i = 0; i < times; i++) {
      const outcome = await login.attempt({
        username,
        password: 'wrong',
        ip: '192.0.2.9',
        clientId: 'tidings-web',
      });
      expect(outcome.ok).toBe(false);
    }
  }

  /** Waits until the trail holds at least `count` records of each type. */
  async recorded(expected: Record<string, number>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await Promise.all(
        Object.keys(expected).map(
          async (type) => [type, await this.trail.count({ types: [type] })] as const,
        ),
      );
      if (counts.every(([type, n]) => n >= (expected[type] ?? 0))) return;
      if (Date.now() > deadline) throw new Error(`the trail has ${JSON.stringify(counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Runs the script: messages, a file, an edit, a delete, a webhook post, a removal, failed logins. */
  async scenario(): Promise<Scenario> {
    const ids = {
      alice: await this.person('alice'),
      bob: await this.person('bob'),
      carol: await this.person('carol'),
    };
    await this.projected(Object.values(ids));
    const channel = (await this.ok('POST', '/conversations', alice, {
      kind: 'channel',
      visibility: 'public',
      name: 'ops 运维',
      memberIds: [ids.bob, ids.carol],
    })) as { id: string };
    const fileId = await this.upload(alice, channel.id, 'plan Q1.txt', 'step 1: deploy\n');
    const plan = (await this.ok('POST', `/conversations/${channel.id}/messages`, alice, {
      text: 'Deploy at 5, "ok"?\nSecond line, with comma',
      fileIds: [fileId],
    })) as { id: string };
    const greeting = (await this.ok('POST', `/conversations/${channel.id}/messages`, bob, {
      text: 'Grüße — 你好',
    })) as { id: string };
    await this.ok('PATCH', `/messages/${plan.id}`, alice, { text: 'Deploy at 6' });
    await this.ok('DELETE', `/messages/${greeting.id}`, bob);
    const hook = (await this.ok('POST', '/integrations/webhooks', alice, {
      conversations: [channel.id],
      displayName: 'Grafana',
      auth: 'url',
    })) as { webhook: { id: string }; postUrl: string };
    const posted = await this.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: new URL(hook.postUrl).pathname + new URL(hook.postUrl).search,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ text: 'disk 91% on db-1' }),
      });
    expect(posted.statusCode, posted.body).toBe(200);
    const webhookMessageId = (posted.json() as { messageId: string }).messageId;
    await this.ok('DELETE', `/conversations/${channel.id}/members/${ids.carol}`, alice);
    const after = (await this.ok('POST', `/conversations/${channel.id}/messages`, alice, {
      text: 'carol has left',
    })) as { id: string };
    await this.failLogins('mallory', 2);
    await this.recorded({
      'messaging.message.deleted': 1,
      'messaging.message.edited': 1,
      'messaging.member.left': 1,
      'identity.login.failed': 2,
      'integrations.webhook.received': 1,
      'messaging.file.uploaded': 1,
    });
    // The webhook's post is messaging's: it follows the webhook event on the bus.
    for (const deadline = Date.now() + 20_000; ;) {
      const sent = await this.trail.search(
        { types: ['messaging.message.sent'], q: webhookMessageId },
        { limit: 1 },
      );
      if (sent.length === 1) break;
      if (Date.now() > deadline) throw new Error('the webhook post never reached the trail');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return {
      ids,
      channelId: channel.id,
      fileId,
      planId: plan.id,
      greetingId: greeting.id,
      webhookId: hook.webhook.id,
      webhookMessageId,
      afterId: after.id,
    };
  }
}
