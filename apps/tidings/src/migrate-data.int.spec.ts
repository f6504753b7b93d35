import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  createTestPostgresDatabase,
  createTestSqliteDatabase,
  type TestDatabase,
} from '@tidings/platform/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditScenarioHost, alice, bob, officer, type Scenario } from './audit-scenario.testing';
import { runCliInProcess } from './cli.testing';
import { tidingsConfigSchema } from '@tidings/host';
import { createServer } from '@tidings/host';

/**
 * The scripted scenario host, restartable on another database with the same OpenID issuer (so
 * the people signing in after the move are the ones who did before).
 */
class MovingHost extends AuditScenarioHost {
  async stopApp(): Promise<void> {
    await this.app.close();
  }

  async startApp(env: Record<string, string>): Promise<void> {
    const config = tidingsConfigSchema.parse({
      LOG_LEVEL: 'silent',
      OIDC_ISSUER: this.issuer.issuer,
      ...env,
    });
    this.app = await createServer(config);
    await this.app.init();
    await this.app.getHttpAdapter().getInstance().ready();
  }
}

interface Observed {
  history: unknown;
  found: unknown;
  foundDeleted: unknown;
  file: string;
  verify: { ok: boolean; checked: number; lastSeq: number; checkpointsChecked: number };
}

/**
 * `tidings migrate-data`: an embedded installation with people, a channel, messages (edited,
 * deleted, with a file and a reaction), an incoming webhook's post and the audit trail of it
 * all, moved into PostgreSQL — where history, search and the audit chain answer as before.
 */
describe('tidings migrate-data from SQLite to PostgreSQL', () => {
  const sqlite = createTestSqliteDatabase();
  let target: TestDatabase;
  const host = new MovingHost();
  let scenario: Scenario;
  let before: Observed;
  let refusedWhileRunning: { stderr: string; exitCode: number };
  let pgEnv: Record<string, string>;

  const tidings = (...args: string[]) => runCliInProcess(...args);

  async function observe(): Promise<Observed> {
    const search = (q: string) =>
      host.ok('GET', `/search?${new URLSearchParams({ q }).toString()}`, alice);
    const download = await host.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'GET',
        url: `/api/v1/files/${scenario.fileId}`,
        headers: {
          authorization: `Bearer ${await host.issuer.token({ sub: 'kc-alice', username: 'alice', roles: ['user'] })}`,
        },
      });
    expect(download.statusCode, download.body).toBe(200);
    const verify = await host.call('POST', '/audit/verify', officer);
    expect(verify.statusCode, verify.body).toBe(200);
    return {
      history: await host.ok(
        'GET',
        `/conversations/${scenario.channelId}/messages?limit=100`,
        alice,
      ),
      found: await search('Deploy'),
      foundDeleted: await search('Grüße'),
      file: download.body,
      verify: verify.json() as Observed['verify'],
    };
  }

  beforeAll(async () => {
    target = await createTestPostgresDatabase();
    await host.start({
      DATABASE_URL: sqlite.url,
      PUBLIC_URL: 'https://chat.example.com',
      AUDIT_CHECKPOINT_EVERY: '5',
    });
    scenario = await host.scenario();
    const reacted = await host.call(
      'PUT',
      `/messages/${scenario.planId}/reactions/${encodeURIComponent('👍')}`,
      bob,
    );
    expect(reacted.statusCode, reacted.body).toBeLessThan(300);
    await host.recorded({ 'messaging.reaction.added': 1 });
    before = await observe();
    refusedWhileRunning = await tidings('migrate-data', '--from', sqlite.url, '--to', target.url);
    // A department tree stored child first (as a reorganisation or an LDAP sync can leave
    // it): PostgreSQL's foreign key must still find each parent already copied.
    await host.dataSource.transaction(async (manager) => {
      await manager.query('PRAGMA defer_foreign_keys = ON');
      const unit =
        'INSERT INTO directory_org_units (id, parent_id, name, path_key, depth, created_ms) VALUES (?, ?, ?, ?, ?, 0)';
      await manager.query(unit, ['ou-oncall', 'ou-ops', 'on-call', 'it/ops/on-call', 2]);
      await manager.query(unit, ['ou-ops', 'ou-it', 'ops', 'it/ops', 1]);
      await manager.query(unit, ['ou-it', null, 'it', 'it', 0]);
    });
    await host.stopApp();
    // What lived beside the SQLite file goes with the installation (the command says so).
    pgEnv = {
      DATABASE_URL: target.url,
      PUBLIC_URL: 'https://chat.example.com',
      AUDIT_CHECKPOINT_EVERY: '5',
      TIDINGS_SECRET_KEY: readFileSync(`${sqlite.path}.secret`, 'utf8').trim(),
      AUDIT_SIGNING_KEY_FILE: `${sqlite.path}.audit-key.pem`,
      FILES_DIR: join(dirname(sqlite.path), 'files'),
    };
  });

  afterAll(async () => {
    await host.stop();
    await target?.drop();
    await sqlite.drop();
  });

  it('refuses while the server has the SQLite database open', () => {
    expect(refusedWhileRunning.exitCode).toBe(1);
    expect(refusedWhileRunning.stderr).toContain('is in use by another process');
  });

  it('copies every table, prints matching counts, and says what else to carry over', async () => {
    const { stdout, stderr, exitCode } = await tidings(
      'migrate-data',
      '--from',
      sqlite.url,
      '--to',
      target.url,
      '--batch',
      '2', // several batches per table, and the department tree copied parents first
    );
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    for (const table of [
      'messaging_messages',
      'messaging_reactions',
      'audit_records',
      'integrations_webhooks',
    ])
      expect(stdout).toMatch(new RegExp(`^${table}\\s+(\\d+)\\s+\\1\\s+ok$`, 'm'));
    expect(stdout).toMatch(/^directory_org_units\s+3\s+3\s+ok$/m);
    expect(stdout).not.toContain('MISMATCH');
    expect(stdout).toMatch(/copied \d+ table\(s\), [1-9]\d* sequence\(s\) reset/);
    expect(stdout).toContain('not copied (SQLite search index');
    expect(stdout).toContain(`AUDIT_SIGNING_KEY_FILE=${sqlite.path}.audit-key.pem`);
    expect(stdout).toContain(`TIDINGS_SECRET_KEY=<the content of ${sqlite.path}.secret>`);

    // The counts, checked here independently of the command.
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM audit_records');
      expect(Number(rows[0]!.n)).toBe(before.verify.lastSeq + 1); // + the verify record itself
    } finally {
      await client.end();
    }
  });

  it('on PostgreSQL, history, search, files and the audit chain answer as before', async () => {
    await host.startApp(pgEnv);
    expect(host.dataSource.options.type).toBe('postgres');
    const after = await observe();
    expect(after.history).toEqual(before.history);
    expect(after.found).toEqual(before.found);
    expect(after.foundDeleted).toEqual({ items: [], nextCursor: null });
    expect(after.file).toBe('step 1: deploy\n');
    expect(after.verify).toMatchObject({ ok: true, firstBad: null });
    expect(after.verify.checked).toBe(after.verify.lastSeq);
    // The verify before the move was recorded too, so the chain is one longer.
    expect(after.verify.lastSeq).toBe(before.verify.lastSeq + 1);
    expect(after.verify.checkpointsChecked).toBeGreaterThanOrEqual(
      before.verify.checkpointsChecked,
    );
  });

  it('carries on writing after the move: keys and sequences continue past the copied rows', async () => {
    const sent = (await host.ok('POST', `/conversations/${scenario.channelId}/messages`, bob, {
      text: 'first words on PostgreSQL',
    })) as { id: string; seq: number };
    const history = before.history as { items: Array<{ seq: number }> };
    expect(sent.seq).toBe(Math.max(...history.items.map((m) => m.seq)) + 1);
    const found = (await host.ok('GET', '/search?q=PostgreSQL', alice)) as {
      items: Array<{ messageId: string }>;
    };
    expect(found.items.map((i) => i.messageId)).toEqual([sent.id]);
    await host.ok('PATCH', `/messages/${sent.id}`, bob, { text: 'first words on PostgreSQL!' });
    // The outbox (a serial key) carried the edit to the trail, which still verifies.
    await host.recorded({ 'messaging.message.edited': 2 });
    const verify = await host.call('POST', '/audit/verify', officer);
    expect(verify.json()).toMatchObject({ ok: true, firstBad: null });
  });

  it('refuses a second run into the same target, leaving it as it was', async () => {
    await host.stopApp();
    const { stderr, exitCode } = await tidings(
      'migrate-data',
      '--from',
      sqlite.url,
      '--to',
      target.url,
    );
    expect(exitCode).toBe(1);
    expect(stderr).toContain('the target database already holds data');
    await host.startApp(pgEnv);
    const history = (await host.ok(
      'GET',
      `/conversations/${scenario.channelId}/messages?limit=100`,
      alice,
    )) as { items: unknown[] };
    expect(history.items).toHaveLength((before.history as { items: unknown[] }).items.length + 1);
  });
});
