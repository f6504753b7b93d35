import type { WsTestClient } from '@tidings/gateway/feature/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterUnderTest, eventually } from './cluster.testing';

const BURST = 2_000;
/** Senders in flight at once, like a handful of busy clients. */
const SENDERS = 8;
/** When this many sends are acknowledged, messaging and gateway-1 are killed. */
const KILL_AFTER = 600;

interface StoredMessage {
  id: string;
  seq: number;
  clientMsgId: string | null;
}

/**
 * Issue #11's fault tests. First: during a burst of 2,000 messages, SIGKILL the messaging process and
 * one gateway, then restart them. A sender retries what was not acknowledged with the same
 * clientMsgId (messaging answers a retry with the original), so every message ends up
 * acknowledged; each must then be stored once, reach every member once (live, or by resume
 * after their gateway died), and be in the audit trail once. Then a rolling restart of every
 * process, one at a time, under steady traffic: nothing acknowledged is lost or doubled, and
 * draining gateways tell their sockets to go elsewhere (1001).
 */
describe('the distributed topology under faults and restarts', () => {
  const t = new ClusterUnderTest();
  const ids: Record<string, string> = {};
  let channelId = '';

  beforeAll(async () => {
    await t.start();
    for (const username of ['alice', 'cora']) {
      ids[username] = (
        await t.ok<{ id: string }>('POST', '/directory/users', 'adam', {
          username,
          displayName: username.toUpperCase(),
        })
      ).id;
    }
    // Messaging learns of the people through the directory topic: retry until it has.
    channelId = (
      await eventually(() =>
        t.ok<{ id: string }>('POST', '/conversations', 'alice', {
          kind: 'channel',
          visibility: 'private',
          name: 'burst',
          memberIds: [ids['cora']],
        }),
      )
    ).id;
  }, 400_000);

  afterAll(() => t.stop());

  it('stores, delivers and audits every acknowledged message exactly once', async () => {
    // alice watches on gateway-1 (which dies), cora on gateway-2 (which lives).
    const aliceSockets: WsTestClient[] = [(await t.socket('gateway-1', 'alice')).client];
    const cora = (await t.socket('gateway-2', 'cora')).client;
    const messaging = t.cluster.process('messaging');
    const gateway1 = t.cluster.process('gateway-1');

    const acknowledged = new Map<number, string>();
    let failedTries = 0;
    let next = 0;
    let faults: Promise<void> | null = null;
    const send = async (i: number) => {
      for (const deadline = Date.now() + 180_000; ;) {
        const response = await t
          .call('POST', `/conversations/${channelId}/messages`, 'alice', {
            text: `burst ${i}`,
            clientMsgId: `burst-${i}`,
          })
          .catch(() => null); // the connection itself failed: not acknowledged
        if (response?.status === 201) {
          acknowledged.set(i, ((await response.json()) as { id: string }).id);
          return;
        }
        failedTries++;
        if (Date.now() > deadline) throw new Error(`burst ${i} never acknowledged`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    const sender = async () => {
      while (next < BURST) {
        await send(next++);
        if (acknowledged.size >= KILL_AFTER && !faults) {
          faults = (async () => {
            await Promise.all([messaging.kill('SIGKILL'), gateway1.kill('SIGKILL')]);
            await new Promise((resolve) => setTimeout(resolve, 1_000));
            await Promise.all([messaging.restart(), gateway1.restart()]);
          })();
        }
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, sender));
    await faults;
    expect(faults).not.toBeNull();
    expect(acknowledged.size).toBe(BURST);
    // The kill really cut sends off: some tries failed and were retried.
    expect(failedTries).toBeGreaterThan(0);

    // alice's first socket died with gateway-1: she resumes on the restarted gateway-1 from
    // the last seq her client saw.
    const lastSeq = Math.max(0, ...aliceSockets[0]!.events.map((e) => e.seq ?? 0));
    aliceSockets.push((await t.socket('gateway-1', 'alice', lastSeq)).client);

    const expected = [...acknowledged.values()].sort();
    const burstOf = new Map([...acknowledged].map(([i, id]) => [id, i]));
    /** What a failure needs to say: which are missing, resyncs, and holes in each socket's seqs. */
    const diagnose = (sockets: readonly WsTestClient[], got: string[]) => {
      const have = new Set(got);
      const missing = expected.filter((id) => !have.has(id)).map((id) => burstOf.get(id));
      const perSocket = sockets.map((socket) => {
        const seqs = socket.events.flatMap((e) => (e.seq === undefined ? [] : [e.seq]));
        const holes = seqs.flatMap((seq, i) =>
          i > 0 && seq !== seqs[i - 1]! + 1 ? [`${seqs[i - 1]}→${seq}`] : [],
        );
        const resyncs = socket.events
          .filter((e) => e.type === 'resync')
          .map((e) => JSON.stringify(e.data));
        return `seqs ${seqs[0]}..${seqs.at(-1)} holes [${holes.join(' ')}] resyncs [${resyncs.join(' ')}]`;
      });
      return `missing bursts [${missing.slice(0, 10).join(', ')}]; ${perSocket.join(' | ')}`;
    };
    const receivedBy = (sockets: WsTestClient[]) =>
      sockets
        .flatMap((s) => s.events)
        .filter((e) => e.type === 'messaging.message.sent')
        .map((e) => String(e.data['messageId']));
    for (const [who, sockets] of [
      ['alice', aliceSockets],
      ['cora', [cora]],
    ] as const) {
      const received = await eventually(async () => {
        const got = receivedBy([...sockets]);
        expect(new Set(got).size, `${who} has every message; ${diagnose(sockets, got)}`).toBe(
          BURST,
        );
        return got;
      }, 180_000);
      // Once each: no duplicate from a redelivery or an overlapping resume.
      expect([...received].sort(), who).toEqual(expected);
    }

    // Stored once: the channel's history holds each message once, under its acknowledged id.
    const stored: StoredMessage[] = [];
    for (let after = 0; ;) {
      const page = await t.ok<{ items: StoredMessage[] }>(
        'GET',
        `/conversations/${channelId}/messages?after=${after}&limit=200`,
        'alice',
      );
      if (page.items.length === 0) break;
      stored.push(...page.items);
      after = Math.max(...page.items.map((m) => m.seq));
    }
    const burst = stored.filter((m) => m.clientMsgId?.startsWith('burst-'));
    expect(burst.map((m) => m.id).sort()).toEqual(expected);
    expect(new Set(burst.map((m) => m.clientMsgId)).size).toBe(BURST);

    // Audited once: the trail has one messaging.message.sent per message.
    const audited = await eventually(async () => {
      const seen: string[] = [];
      for (let cursor: string | null = null; ;) {
        const page: { items: Array<{ data: { messageId: string } }>; nextCursor: string | null } =
          await t.ok(
            'GET',
            `/audit/records?types=messaging.message.sent&conversations=${channelId}&limit=500${
              cursor ? `&cursor=${cursor}` : ''
            }`,
            'cora',
          );
        seen.push(...page.items.map((r) => r.data.messageId));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      expect(seen.length).toBeGreaterThanOrEqual(BURST);
      return seen;
    }, 120_000);
    expect(audited.sort()).toEqual(expected);
  }, 600_000);

  it('a rolling restart of every service loses no message and no webhook', async () => {
    const { webhook, secret } = await t.ok<{ webhook: { id: string }; secret: string }>(
      'POST',
      '/integrations/webhooks',
      'adam',
      { conversations: [channelId], displayName: 'MES', auth: 'standard' },
    );
    const alice = await t.device('alice', 'gateway-1');
    const cora = await t.device('cora', 'gateway-2');

    // Traffic all through the restarts: messages and webhook posts, each retried (same
    // clientMsgId / webhook-id) until acknowledged, as a client and a webhook sender do.
    const messages = new Map<number, string>();
    const hooks = new Set<number>();
    let rolling = true;
    const retry = async (attempt: () => Promise<boolean>) => {
      for (const deadline = Date.now() + 120_000; !(await attempt().catch(() => false));) {
        if (Date.now() > deadline) throw new Error('never acknowledged');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    const talk = async () => {
      for (let i = 0; rolling; i++) {
        await retry(async () => {
          const response = await t.call('POST', `/conversations/${channelId}/messages`, 'alice', {
            text: `roll ${i}`,
            clientMsgId: `roll-${i}`,
          });
          if (response.status !== 201) return false;
          messages.set(i, ((await response.json()) as { id: string }).id);
          return true;
        });
      }
    };
    const post = async () => {
      for (let j = 0; rolling; j++) {
        await retry(async () => {
          const response = await t.hook(webhook.id, secret, `roll-hook-${j}`, {
            text: `hook ${j}`,
          });
          if (response.status !== 200) return false;
          hooks.add(j);
          return true;
        });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const traffic = Promise.all([talk(), talk(), post()]);

    // One process at a time: drain (SIGTERM), then start again, as a rolling update does.
    const drained: Record<string, { code: number | null; signal: string | null }> = {};
    const outputs: Record<string, string> = {};
    for (const proc of t.cluster.processes) {
      const exit = proc.exited;
      await proc.kill('SIGTERM');
      drained[proc.name] = await exit;
      outputs[proc.name] = proc.output().slice(-2_000);
      await proc.restart();
    }
    rolling = false;
    await traffic;
    // Every process drained on SIGTERM and exited cleanly.
    for (const [name, exit] of Object.entries(drained)) {
      expect(exit, `${name}:\n${outputs[name]}`).toEqual({ code: 0, signal: null });
    }
    // Both gateways said "going away" (1001) to their sockets, which reconnected elsewhere.
    expect(alice.closes).toContain(1001);
    expect(cora.closes).toContain(1001);
    expect(messages.size + hooks.size).toBeGreaterThan(0);

    const texts = [
      ...[...messages.keys()].map((i) => `roll ${i}`),
      ...[...hooks].map((j) => `hook ${j}`),
    ].sort();
    for (const [who, device] of [
      ['alice', alice],
      ['cora', cora],
    ] as const) {
      const got = await eventually(async () => {
        const received = device.sockets
          .flatMap((s) => s.events)
          .filter((e) => e.type === 'messaging.message.sent')
          .map((e) => String(e.data['text']))
          .filter((text) => /^(roll|hook) \d+$/.test(text));
        expect(new Set(received).size, `${who} has every message`).toBe(texts.length);
        return received;
      }, 120_000);
      expect(got.sort(), `${who}: each once`).toEqual(texts);
    }
    alice.stopped = cora.stopped = true;
  }, 600_000);
});
