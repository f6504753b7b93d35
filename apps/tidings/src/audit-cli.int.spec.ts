import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { AUDIT_READ_STORE } from '@tidings/audit/feature';
import type { AuditReadStore } from '@tidings/audit/data-access';
import { createTestSqliteDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCliInProcess } from './cli.testing';
import { MessagingTestHost, type As } from './messaging.testing';

const alice: As = { username: 'alice' };
/** The host's CLI as the integration global setup built it (what `npx tidings` runs). */
const BUILT_CLI = resolve('dist/apps/tidings/cli.js');

/**
 * `tidings audit verify` against the database a running host writes: in-process for the exit
 * codes and output, and as a real second process appending its own record while the host
 * appends — the chain must not fork.
 */
describe('tidings audit verify', () => {
  const db = createTestSqliteDatabase();
  const host = new MessagingTestHost();
  let channelId: string;
  let store: AuditReadStore;

  beforeAll(async () => {
    await host.start({ DATABASE_URL: db.url, AUDIT_CHECKPOINT_EVERY: '10' });
    await host.projected([await host.person('alice')]);
    const channel = await host.call('POST', '/conversations', alice, {
      kind: 'channel',
      visibility: 'public',
      name: 'ledger',
    });
    channelId = (channel.json() as { id: string }).id;
    store = host.app.get<AuditReadStore>(AUDIT_READ_STORE);
    await send(25);
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await host.stop();
    await db.drop();
  });

  /** Sends n messages and waits until the trail holds them all. */
  async function send(n: number): Promise<void> {
    const before = await store.count({ types: ['messaging.message.sent'] });
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        host.call('POST', `/conversations/${channelId}/messages`, alice, { text: `entry ${i}` }),
      ),
    );
    const deadline = Date.now() + 15_000;
    while ((await store.count({ types: ['messaging.message.sent'] })) < before + n) {
      if (Date.now() > deadline) throw new Error('the audit consumer fell behind');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function tidings(...args: string[]) {
    vi.stubEnv('DATABASE_URL', db.url);
    vi.stubEnv('LOG_LEVEL', 'silent');
    return runCliInProcess(...args);
  }

  it('reports an intact trail, exits 0 and records that it ran', async () => {
    const { stdout, exitCode } = await tidings('audit', 'verify');
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(
      /^audit trail intact: records 1…\d+ — \d+ record\(s\), [1-9]\d* checkpoint\(s\) verified$/,
    );
    const [record] = await store.search({ types: ['audit.verify.performed'] }, { limit: 1 });
    expect(record).toMatchObject({ actor: { kind: 'system', id: 'cli' }, data: { ok: true } });
  });

  it('runs as a second process beside the host, both appending, and the chain holds', async () => {
    const child = promisify(execFile)(process.execPath, [BUILT_CLI, 'audit', 'verify', '--json'], {
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
    });
    await send(40);
    const { stdout } = await child;
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, firstBad: null });
    const verifies = await store.search({ types: ['audit.verify.performed'] }, { limit: 10 });
    expect(verifies).toHaveLength(2);
    const { stdout: again, exitCode } = await tidings('audit', 'verify', '--json');
    expect(exitCode).toBe(0);
    const report = JSON.parse(again) as { ok: boolean; checked: number; lastSeq: number };
    expect(report.ok).toBe(true);
    expect(report.checked).toBe(report.lastSeq);
    expect(report.lastSeq).toBeGreaterThan(65);
  });

  it('exits 1 naming the first bad record once a record was edited in the database', async () => {
    const [target] = await store.search({ q: 'entry 7' }, { limit: 1 });
    await host.dataSource.query(
      `UPDATE audit_records SET data = REPLACE(data, 'entry 7', 'entry 8') WHERE seq = ${target!.seq}`,
    );
    const text = await tidings('audit', 'verify');
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toContain(`audit trail BROKEN at record ${target!.seq}: hash_mismatch`);
    const json = await tidings('audit', 'verify', '--json', '--to', String(target!.seq));
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      firstBad: { seq: target!.seq, reason: 'hash_mismatch' },
    });
    // A range before the damage still verifies.
    const before = await tidings('audit', 'verify', '--from', '1', '--to', String(target!.seq - 1));
    expect(before.exitCode).toBe(0);
  });
});
