import { APPEND_ONLY_TRIGGER_SQL } from '@tidings/audit/data-access';
import { AuditSigningKey } from '@tidings/audit/domain';
import { createDataSource, Sql } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busEvent, openTrail, trailOn, type TrailParts } from './audit.testing';

/** The trail's store and writer on both databases: duplicates, two writers, queries. */
describe.each(databaseFlavours)('audit trail store on %s', (flavour) => {
  let db: TestDatabase;
  let trail: TrailParts;
  const key = AuditSigningKey.generate();

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    trail = await openTrail(db.url, { checkpointEvery: 50 }, key);
  });

  afterAll(async () => {
    await trail.dataSource.destroy();
    await db.drop();
  });

  async function count(type?: string): Promise<number> {
    return trail.reads.count(type ? { types: [type] } : {});
  }

  it('records a redelivered event once, whether again later or twice at once', async () => {
    const event = busEvent('messaging.reaction.added', {
      conversationId: 'c-dup',
      messageId: 'm-1',
      userId: 'u-bob',
      emoji: '👍',
    });
    await trail.consumer.handle(event);
    await trail.consumer.handle(event);
    const twin = busEvent('messaging.reaction.removed', {
      conversationId: 'c-dup',
      userId: 'u-bob',
    });
    await Promise.all([trail.consumer.handle(twin), trail.consumer.handle(twin)]);
    expect(await count('messaging.reaction.added')).toBe(1);
    expect(await count('messaging.reaction.removed')).toBe(1);
    const [record] = await trail.reads.search(
      { types: ['messaging.reaction.added'] },
      { limit: 5 },
    );
    expect(record).toMatchObject({
      sourceEventId: event.id,
      actor: { kind: 'user', id: 'u-alice' },
      subjectIds: ['u-alice', 'u-bob'],
      conversationId: 'c-dup',
      data: event.data,
    });
    expect((await trail.verifier.verify()).ok).toBe(true);
  });

  it('makes a checkpoint by age only when records came since the last one', async () => {
    const t0 = Date.UTC(2031, 0, 1);
    let now = t0;
    trail.clock.use(() => now);
    await trail.writer.checkpointNow();
    const sealed = (await trail.reads.head()).seq;
    // Nothing new: no checkpoint however old the last one is.
    now = t0 + 3_600_000;
    expect(await trail.writer.checkpointIfDue()).toBeNull();
    now = t0 + 1_000;
    await trail.consumer.handle(busEvent('identity.login.failed', { username: 'late' }));
    now = t0 + 59_999;
    expect(await trail.writer.checkpointIfDue()).toBeNull();
    now = t0 + 60_000;
    const made = await trail.writer.checkpointIfDue();
    expect(made).toMatchObject({ seq: sealed + 1, createdAt: new Date(now).toISOString() });
    expect(made?.rootHash).toBe((await trail.reads.get(sealed + 1))?.hash);
    now = t0 + 3_600_000;
    expect(await trail.writer.checkpointIfDue()).toBeNull();
    expect(await trail.writer.checkpointNow()).toBeNull();
  });

  it('knows who was a member at any point, from the trail alone', async () => {
    const c = 'c-members';
    const created = await trail.writer.record({
      ...draft('messaging.conversation.created', c),
      data: { conversationId: c, members: [{ userId: 'a' }, { userId: 'b' }] },
    });
    await trail.writer.record({
      ...draft('messaging.member.joined', c),
      data: { conversationId: c, userId: 'c' },
    });
    const post = await trail.writer.record({
      ...draft('messaging.message.sent', c),
      data: { conversationId: c, text: 'hi' },
    });
    await trail.writer.record({
      ...draft('messaging.member.left', c),
      data: { conversationId: c, userId: 'a' },
    });
    if (!created.appended || !post.appended) throw new Error('not appended');
    expect(await trail.reads.membersAt(c, { seq: created.record.seq })).toEqual(['a', 'b']);
    expect(await trail.reads.membersAt(c, { seq: post.record.seq })).toEqual(['a', 'b', 'c']);
    expect(await trail.reads.membersAt(c, { seq: post.record.seq + 1 })).toEqual(['b', 'c']);
    expect(await trail.reads.membersAt(c, { seq: 0 })).toEqual([]);
  });

  it('searches by users, conversations, types (and prefixes), text and time, paging by seq', async () => {
    const t0 = Date.UTC(2030, 5, 1);
    for (let i = 0; i < 5; i++) {
      await trail.writer.record({
        sourceEventId: null,
        type: i % 2 ? 'identity.login.failed' : 'messaging.message.edited',
        occurredAt: new Date(t0 + i * 1000).toISOString(),
        actor: { kind: 'user', id: `u-${i}` },
        subjectIds: [`u-${i}`, 'u-common'],
        conversationId: i % 2 ? null : 'c-search',
        data: { text: `Quarterly "numbers" ${i} 100%_done` },
      });
    }
    const ids = async (filter: Parameters<typeof trail.reads.search>[0]) =>
      (await trail.reads.search(filter, { limit: 50 })).map((r) => r.actor?.id);
    expect(await ids({ users: ['u-common'] })).toEqual(['u-0', 'u-1', 'u-2', 'u-3', 'u-4']);
    expect(await ids({ users: ['u-1', 'u-2'] })).toEqual(['u-1', 'u-2']);
    expect(await ids({ conversations: ['c-search'] })).toEqual(['u-0', 'u-2', 'u-4']);
    expect(await ids({ users: ['u-common'], types: ['identity.*'] })).toEqual(['u-1', 'u-3']);
    expect(await ids({ q: 'quarterly "NUMBERS" 3' })).toEqual(['u-3']);
    expect(await ids({ q: '100%_d', users: ['u-4'] })).toEqual(['u-4']);
    expect(await ids({ q: '100%x' })).toEqual([]);
    expect(await ids({ fromMs: t0 + 1000, toMs: t0 + 3000 })).toEqual(['u-1', 'u-2']);
    const first = await trail.reads.search({ users: ['u-common'] }, { limit: 2 });
    const next = await trail.reads.search(
      { users: ['u-common'] },
      { limit: 2, afterSeq: first[1]!.seq },
    );
    expect(next.map((r) => r.actor?.id)).toEqual(['u-2', 'u-3']);
    const newest = await trail.reads.search({ users: ['u-common'] }, { limit: 2, order: 'desc' });
    expect(newest.map((r) => r.actor?.id)).toEqual(['u-4', 'u-3']);
  });
});

/**
 * PostgreSQL, where several processes write one database: two writers at once, and the
 * production hardening of docs/compliance.md (roles and triggers are PostgreSQL's). On SQLite
 * a second process is the CLI: apps/tidings/src/audit-cli.int.spec.ts runs it beside a host.
 */
describe('audit trail on postgres: several writers, an insert-only role', () => {
  let db: TestDatabase;
  let trail: TrailParts;
  const key = AuditSigningKey.generate();

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    trail = await openTrail(db.url, { checkpointEvery: 50 }, key);
  });

  afterAll(async () => {
    await trail.dataSource.destroy();
    await db.drop();
  });

  it('keeps one unbroken chain with two writers (two processes) appending at once', async () => {
    const other = await openTrail(db.url, { checkpointEvery: 50 }, key);
    try {
      const before = (await trail.reads.head()).seq;
      const send = (parts: TrailParts, n: number) =>
        Promise.all(
          Array.from({ length: n }, (_, i) =>
            parts.consumer.handle(
              busEvent('messaging.message.sent', { conversationId: 'c-race', text: `t${i}` }),
            ),
          ),
        );
      await Promise.all([send(trail, 120), send(other, 120), send(trail, 60), send(other, 60)]);
      const head = await trail.reads.head();
      expect(head.seq).toBe(before + 360);
      expect(await trail.reads.count({ conversations: ['c-race'] })).toBe(360);
      const report = await trail.verifier.verify();
      expect(report).toMatchObject({ ok: true, checked: head.seq, firstBad: null });
      expect(report.checkpointsChecked).toBeGreaterThan(0);
    } finally {
      await other.dataSource.destroy();
    }
  });

  it('runs as an insert-only role, and the documented trigger refuses UPDATE and DELETE', async () => {
    const admin = new Sql(trail.dataSource);
    const role = `audit_writer_${Date.now().toString(36)}`;
    await admin.run(`CREATE ROLE ${role} LOGIN`);
    try {
      await admin.run(
        `GRANT SELECT, INSERT ON audit_records, audit_record_subjects, audit_checkpoints TO ${role}`,
      );
      await admin.run(`GRANT SELECT, UPDATE ON audit_chain_head TO ${role}`);
      const url = new URL(db.url);
      url.username = role;
      // No migrations as this role: the schema is the owner's. Appends and reads only.
      const dataSource = createDataSource({ url: url.toString(), entities: [], migrations: [] });
      await dataSource.initialize();
      const limited = trailOn(dataSource, { checkpointEvery: 50 }, key);
      try {
        await limited.consumer.handle(busEvent('identity.login.failed', { username: 'x' }));
        expect(await limited.writer.checkpointNow()).not.toBeNull();
        expect((await limited.verifier.verify()).ok).toBe(true);
        const sql = new Sql(limited.dataSource);
        await expect(sql.run(`UPDATE audit_records SET data = '{}' WHERE seq = 1`)).rejects.toThrow(
          /permission denied/,
        );
        await expect(sql.run('DELETE FROM audit_checkpoints')).rejects.toThrow(/permission denied/);
      } finally {
        await limited.dataSource.destroy();
      }
      await admin.run(APPEND_ONLY_TRIGGER_SQL);
      // Even the owner is refused now; appending still works.
      await expect(admin.run(`UPDATE audit_records SET data = '{}' WHERE seq = 1`)).rejects.toThrow(
        /append-only/,
      );
      await expect(admin.run('DELETE FROM audit_records WHERE seq = 1')).rejects.toThrow(
        /append-only/,
      );
      await expect(admin.run('TRUNCATE audit_checkpoints')).rejects.toThrow(/append-only/);
      await trail.consumer.handle(busEvent('identity.login.failed', { username: 'y' }));
      expect(await trail.writer.checkpointNow()).not.toBeNull();
      expect((await trail.verifier.verify()).ok).toBe(true);
    } finally {
      await admin.run(`DROP OWNED BY ${role}`);
      await admin.run(`DROP ROLE ${role}`);
    }
  });
});

function draft(type: string, conversationId: string) {
  return {
    sourceEventId: null,
    type,
    occurredAt: new Date().toISOString(),
    actor: { kind: 'user', id: 'u-owner' },
    subjectIds: [],
    conversationId,
    data: {},
  };
}
