import type { AuditRecord } from '@tidings/audit/domain';
import { createTestSqliteDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagingTestHost, type As } from './messaging.testing';

const alice: As = { username: 'alice' };
const bob: As = { username: 'bob' };
const officer: As = { username: 'cora', roles: ['compliance'] };

interface Page {
  items: AuditRecord[];
}

/**
 * Calls in the audit trail (docs/calls.md): every change of a call is a record — who acted,
 * when, whom it rang, how long it lasted — found by searching for any person it concerned.
 * Never media: SDP and ICE are ephemeral frames that no event carries.
 */
describe('calls in the audit trail', () => {
  const db = createTestSqliteDatabase();
  const host = new MessagingTestHost();
  const ids: Record<string, string> = {};
  let conversationId: string;
  let callId: string;

  beforeAll(async () => {
    await host.start({ DATABASE_URL: db.url });
    for (const name of ['alice', 'bob']) ids[name] = await host.person(name);
    await host.projected(Object.values(ids));
    const created = await host.call('POST', '/conversations', alice, {
      kind: 'direct',
      userId: ids['bob'],
    });
    expect(created.statusCode, created.body).toBeLessThan(300);
    conversationId = (created.json() as { id: string }).id;

    const started = await host.call('POST', `/conversations/${conversationId}/calls`, alice, {
      media: 'video',
    });
    expect(started.statusCode, started.body).toBe(201);
    callId = (started.json() as { id: string }).id;
    const accepted = await host.call('POST', `/calls/${callId}/accept`, bob);
    expect(accepted.statusCode, accepted.body).toBe(200);
    // A call that lasts long enough to have a duration worth checking.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const hungUp = await host.call('POST', `/calls/${callId}/hangup`, bob);
    expect(hungUp.statusCode, hungUp.body).toBe(200);
  });

  afterAll(async () => {
    await host.stop();
    await db.drop();
  });

  /** Polls the audit API until `count` records answer the query (the consumer is async). */
  async function records(query: string, count: number): Promise<AuditRecord[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const response = await host.call('GET', `/audit/records?${query}`, officer);
      expect(response.statusCode, response.body).toBe(200);
      const found = (response.json() as Page).items;
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`only ${found.length} of ${count}: ${query}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('records each change with its actor, and the end with its duration', async () => {
    const trail = await records(
      `types=messaging.call.updated&conversations=${conversationId}&limit=100`,
      4,
    );
    expect(trail.map((r) => [r.data['change'], r.actor?.id])).toEqual([
      ['started', ids['alice']],
      ['accepted', ids['bob']],
      ['left', ids['bob']],
      ['ended', ids['bob']],
    ]);
    const ended = trail.at(-1)!.data['call'] as {
      id: string;
      outcome: string;
      durationMs: number;
      participants: Array<{ userId: string }>;
    };
    expect(ended.id).toBe(callId);
    expect(ended.outcome).toBe('completed');
    expect(ended.durationMs).toBeGreaterThanOrEqual(250);
    expect(ended.participants.map((p) => p.userId).sort()).toEqual(
      [ids['alice'], ids['bob']].sort(),
    );
  });

  it('finds the call when searching for the person it rang, and the summary message too', async () => {
    const bobsCalls = await records(`types=messaging.call.*&users=${ids['bob']}&limit=100`, 4);
    expect(bobsCalls.find((r) => r.data['change'] === 'started')?.subjectIds).toContain(ids['bob']);
    const summary = await records(
      `types=messaging.message.sent&conversations=${conversationId}&limit=100`,
      1,
    );
    const system = summary.at(-1)!.data['system'] as { type: string; callId: string };
    expect(system).toMatchObject({ type: 'call.ended', callId });
  });

  it('holds nothing of the media: no SDP, no ICE candidate', async () => {
    const all = await records(`conversations=${conversationId}&limit=500`, 5);
    const text = JSON.stringify(all);
    expect(text).not.toMatch(/sdp|candidate|m=video|a=ice/i);
  });
});
