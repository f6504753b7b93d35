import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClusterUnderTest,
  eventually,
  sentTexts,
  startReceiver,
  waitForText,
} from './cluster.testing';
import { CLI } from './server-process';

interface Person {
  id: string;
  username: string;
}

/**
 * Issue #11's story on the distributed topology (docs/operations.md, _Local cluster_): every
 * service in its own process from its own bundle, two gateways, nginx in front with
 * deploy/nginx/nginx.conf's routes, Kafka, PostgreSQL, Keycloak and OpenLDAP. IT syncs the
 * directory; people sign in at Keycloak; they chat in a channel from sockets on different
 * gateways; OA posts through an incoming webhook; an outgoing subscription delivers; and the
 * compliance officer's audit export holds all of it and verifies offline.
 */
describe('the distributed topology, end to end', () => {
  const t = new ClusterUnderTest();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const people: Record<string, Person> = {};
  let channelId = '';

  beforeAll(async () => {
    receiver = await startReceiver();
    await t.start({ env: { INTEGRATIONS_ALLOW_HOSTS: '127.0.0.1' } });
  }, 400_000);

  afterAll(async () => {
    await t.stop();
    await receiver?.close();
  });

  it('runs each service as its own process behind one public origin', async () => {
    const services = t.cluster.processes.map((p) => p.service).sort();
    expect(services).toEqual([
      'audit',
      'directory',
      'gateway',
      'gateway',
      'identity',
      'integrations',
      'messaging',
      'presence',
    ]);
    for (const process of t.cluster.processes) {
      const metrics = await (await fetch(`${process.baseUrl}/metrics`)).text();
      expect(metrics, process.name).toContain(
        `tidings_service_info{service="${process.service}"} 1`,
      );
      expect(metrics, process.name).not.toMatch(/tidings_service_info\{service="(?!\w+"} 1\n)/);
    }
    const info = await fetch(`${t.cluster.publicUrl}/api/v1/system/info`);
    expect(await info.json()).toMatchObject({
      mode: 'distributed',
      database: 'postgres',
      bus: 'kafka',
    });
    const page = await fetch(`${t.cluster.publicUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    // Probes and internal routes are each process's, never the public origin's.
    expect((await fetch(`${t.cluster.publicUrl}/health/ready`)).status).toBe(404);
    expect(
      (await fetch(`${t.cluster.publicUrl}/api/v1/internal/messaging/recipient-ids`)).status,
    ).toBe(404);
  });

  it('syncs people from LDAP, and a Keycloak sign-in is the synced person', async () => {
    const { run } = await t.ok<{ run: { status: string; id: string } }>(
      'POST',
      '/directory/sync-runs',
      'adam',
      {},
    );
    expect(run.status).toBe('succeeded');
    const found = await t.ok<{ items: Array<Person & { source?: string }> }>(
      'GET',
      '/directory/users?q=alice',
      'adam',
    );
    const alice = found.items.find((p) => p.username === 'alice');
    expect(alice).toMatchObject({ source: 'ldap' });
    people['alice'] = alice!;
    // Keycloak signs alice in (password grant on the realm); identity knows her by the token.
    expect(await t.ok('GET', '/me', 'alice')).toMatchObject({ username: 'alice', roles: ['user'] });
    // adam is in Keycloak but not in LDAP: the admin adds him to the directory by hand, and
    // messaging knows his Keycloak sign-in by that username.
    people['adam'] = await t.ok<Person>('POST', '/directory/users', 'adam', {
      username: 'adam',
      displayName: 'Adam Admin',
    });
  }, 180_000);

  it('carries a channel’s chat between sockets on both gateways', async () => {
    // Messaging learns of people through the directory and identity topics: retry until it has.
    const channel = await eventually(() =>
      t.ok<{ id: string }>('POST', '/conversations', 'alice', {
        kind: 'channel',
        // Public: an outgoing subscription without a bot sees public channels only.
        visibility: 'public',
        name: 'plant-ops',
        memberIds: [people['adam']!.id],
      }),
    );
    channelId = channel.id;
    const alice = await t.socket('gateway-1', 'alice');
    const adam = await t.socket('gateway-2', 'adam');
    await t.ok('POST', `/conversations/${channelId}/messages`, 'alice', { text: 'line 3 is down' });
    // The sender is the LDAP-synced alice: her Keycloak sign-in is that directory person.
    expect(await waitForText(adam.client, 'line 3 is down')).toMatchObject({
      data: { conversationId: channelId, senderId: people['alice']!.id },
    });
    await t.ok('POST', `/conversations/${channelId}/messages`, 'adam', { text: 'on my way' });
    await waitForText(alice.client, 'on my way');
    expect(sentTexts(alice.client.events)).toEqual(['line 3 is down', 'on my way']);
    expect(sentTexts(adam.client.events)).toEqual(['line 3 is down', 'on my way']);
  });

  it('posts an incoming webhook and delivers an outgoing subscription through the origin', async () => {
    const { secret: subscriptionSecret } = await t.ok<{ secret: string }>(
      'POST',
      '/integrations/subscriptions',
      'adam',
      {
        name: 'MES',
        url: `${receiver.url}/mes`,
        events: ['messaging.message.sent'],
        filters: { conversationIds: [channelId] },
      },
    );
    const { webhook, secret } = await t.ok<{ webhook: { id: string }; secret: string }>(
      'POST',
      '/integrations/webhooks',
      'adam',
      { conversations: [channelId], displayName: 'OA', auth: 'standard' },
    );
    const posted = await t.hook(webhook.id, secret, 'msg_wo_2211', {
      text: 'Work order WO-2211 opened for line 3',
    });
    expect(posted.status, await posted.clone().text()).toBe(200);
    expect(await posted.json()).toMatchObject({ messageId: expect.any(String) });
    const alice = t.sockets[0]!;
    await waitForText(alice, 'Work order WO-2211 opened for line 3');

    await t.ok('POST', `/conversations/${channelId}/messages`, 'alice', { text: 'ack WO-2211' });
    const delivered = await eventually(async () => {
      const found = receiver.requests
        .map((r) => new Webhook(subscriptionSecret).verify(r.body, r.headers as never))
        .map((event) => event as { data: { text: string } })
        .find((event) => event.data.text === 'ack WO-2211');
      if (!found) throw new Error('not delivered yet');
      return found;
    });
    expect(delivered).toMatchObject({ type: 'messaging.message.sent' });
  });

  it('exports an audit trail that holds the story and verifies offline', async () => {
    const texts = ['line 3 is down', 'on my way', 'Work order WO-2211 opened for line 3'];
    const records = await eventually(async () => {
      const { job } = await t.ok<{ job: { id: string } }>(
        'POST',
        '/audit/exports',
        'cora',
        { format: 'jsonl' },
        202,
      );
      const done = await eventually(async () => {
        const now = await t.ok<{ status: string }>('GET', `/audit/exports/${job.id}`, 'cora');
        if (now.status !== 'done') throw new Error(`export ${now.status}`);
        return now;
      });
      expect(done.status).toBe('done');
      const archive = await t.call('GET', `/audit/exports/${job.id}/archive`, 'cora');
      expect(archive.status).toBe(200);
      const dir = mkdtempSync(join(tmpdir(), 'cluster-export-'));
      const unpacked = spawnSync('tar', ['-xzf', '-', '-C', dir], {
        input: Buffer.from(await archive.arrayBuffer()),
      });
      expect(unpacked.status).toBe(0);
      const exportDir = join(dir, 'audit-export');
      const jsonl = readFileSync(join(exportDir, 'records.jsonl'), 'utf8');
      // The audit process consumes every topic: wait until the story has reached it.
      for (const text of texts) expect(jsonl).toContain(text);
      expect(jsonl).toContain('directory.user.created');
      expect(jsonl).toContain('integrations.webhook.received');
      return { exportDir, jsonl };
    }, 120_000);

    const publicKey = await fetch(`${t.cluster.publicUrl}/api/v1/audit/public-key`);
    expect(publicKey.status).toBe(200);
    const keyFile = join(records.exportDir, '..', 'public-key.pem');
    writeFileSync(keyFile, ((await publicKey.json()) as { publicKeyPem: string }).publicKeyPem);
    const verdict = spawnSync(
      process.execPath,
      [CLI, 'audit', 'verify-export', records.exportDir, '--public-key', keyFile, '--json'],
      { encoding: 'utf8', env: { ...process.env, DATABASE_URL: t.db.url } },
    );
    expect(verdict.status, verdict.stderr).toBe(0);
    expect(JSON.parse(verdict.stdout)).toMatchObject({ ok: true });
  }, 180_000);
});
