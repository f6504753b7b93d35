import { canonicalJson, recordHash, type AuditRecord } from '@tidings/audit/domain';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type ExportJob,
  filesOf,
  AuditExportsHost,
  parseCsv,
  sha256,
  unpack,
  officer,
} from './audit-exports.testing';
import type { Scenario } from './audit-scenario.testing';
import { join } from 'node:path';

/**
 * Audit exports through the real host (docs/compliance.md "Exports"): a scripted scenario —
 * messages, a file, an edit, a delete, a webhook post, a member removed, failed sign-ins —
 * exported as CSV, JSONL and EML by the job API and checked line by line; a second run gives
 * the same bytes; the trail records each export; filters; only compliance reaches the routes.
 * (The CLI's export and verify-export: audit-export-cli.int.spec.ts.)
 */
describe.each(databaseFlavours)('audit exports on %s', (flavour) => {
  let db: TestDatabase;
  const host = new AuditExportsHost();
  let s: Scenario;
  let to: string;
  let records: AuditRecord[];

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await host.startWithScenario(db);
    ({ scenarioIds: s, to, records } = host);
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await host.stop();
    await db?.drop();
  });

  const runJob = (body: Record<string, unknown>) => host.exportJob(body);
  const exportOf = (format: string) => host.exported(format);
  const text = (files: Map<string, Buffer>, path: string) => {
    const content = files.get(path);
    expect(content, path).toBeDefined();
    return content!.toString('utf8');
  };
  const bySeq = (seq: number) => records.find((r) => r.seq === seq)!;
  const sentRecord = (messageId: string) =>
    records.find((r) => r.type === 'messaging.message.sent' && r.data['messageId'] === messageId)!;

  it('CSV: a header, then one row per record of the range, in seq order, as the trail has it', async () => {
    const { job, files } = await exportOf('csv');
    expect(job).toMatchObject({
      status: 'done',
      progress: { records: records.length, total: records.length },
    });
    const [header, ...rows] = parseCsv(text(files, 'records.csv'));
    expect(header).toEqual([
      'seq',
      'occurredAt',
      'type',
      'actorKind',
      'actorId',
      'conversationId',
      'messageId',
      'senderKind',
      'text',
      'data',
      'hash',
    ]);
    expect(rows.map((r) => Number(r[0]))).toEqual(records.map((r) => r.seq));
    for (const row of rows) {
      const r = bySeq(Number(row[0]));
      const message = typeof r.data['messageId'] === 'string' ? r.data['messageId'] : '';
      expect(row.slice(1, 7)).toEqual([
        r.occurredAt,
        r.type,
        r.actor?.kind ?? '',
        r.actor?.id ?? '',
        r.conversationId ?? '',
        message,
      ]);
      expect(row[8]).toBe(typeof r.data['text'] === 'string' ? r.data['text'] : '');
      expect(row[9]).toBe(canonicalJson(r.data));
      expect(row[10]).toBe(r.hash);
    }
    const row = (seq: number) => rows.find((r) => Number(r[0]) === seq)!;
    const plan = row(sentRecord(s.planId).seq);
    expect(plan.slice(7, 9)).toEqual(['user', 'Deploy at 5, "ok"?\nSecond line, with comma']);
    expect(row(sentRecord(s.webhookMessageId).seq).slice(6, 9)).toEqual([
      s.webhookMessageId,
      'webhook',
      'disk 91% on db-1',
    ]);
    const types = rows.map((r) => r[2]);
    expect(types.filter((t) => t === 'identity.login.failed')).toHaveLength(2);
    const edit = rows.find((r) => r[2] === 'messaging.message.edited')!;
    expect([edit[6], edit[8]]).toEqual([s.planId, 'Deploy at 6']);
    const deleted = rows.find((r) => r[2] === 'messaging.message.deleted')!;
    expect(deleted.slice(3, 7)).toEqual(['user', s.ids.bob, s.channelId, s.greetingId]);
    const left = rows.find((r) => r[2] === 'messaging.member.left')!;
    expect(JSON.parse(left[9]!)).toMatchObject({
      userId: s.ids.carol,
      reason: 'removed',
      by: s.ids.alice,
    });
    // The attachment, copied with its hash in the manifest.
    const attachment = `attachments/${s.fileId}-plan Q1.txt`;
    expect(text(files, attachment)).toBe('step 1: deploy\n');
    const manifest = JSON.parse(text(files, 'manifest.json'));
    expect(manifest.files).toEqual([
      { path: attachment, sha256: sha256(files.get(attachment)!), bytes: 15 },
      {
        path: 'records.csv',
        sha256: sha256(files.get('records.csv')!),
        bytes: files.get('records.csv')!.length,
      },
    ]);
    expect(manifest).toMatchObject({
      version: 1,
      format: 'csv',
      filters: { from: null, to, users: [], conversations: [], types: [] },
      range: { from: null, to, firstSeq: 1, lastSeq: records.at(-1)!.seq },
      recordCount: records.length,
      missingAttachments: [],
    });
    expect(manifest.checkpoint.seq).toBeGreaterThanOrEqual(records.at(-1)!.seq);
    expect(Object.keys(manifest)).not.toContain('generatedAt');
  });

  it('JSONL: each line is a record in its canonical form, its hash recomputable', async () => {
    const { files } = await exportOf('jsonl');
    const lines = text(files, 'records.jsonl').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(records.length);
    lines.forEach((line, i) => {
      expect(line).toBe(canonicalJson(records[i]));
      expect(recordHash(JSON.parse(line))).toBe(records[i]!.hash);
    });
  });

  it('EML: one message per post, edit and delete, with membership at post time and origin', async () => {
    const { files } = await exportOf('eml');
    const chat = records.filter((r) => /^messaging\.message\.(sent|edited|deleted)$/.test(r.type));
    const paths = [...files.keys()].filter((p) => p.startsWith('messages/')).sort();
    expect(paths).toEqual(
      chat.map((r) => `messages/${r.seq}-${String(r.data['messageId'])}.eml`).sort(),
    );
    const eml = (r: AuditRecord) =>
      text(files, `messages/${r.seq}-${String(r.data['messageId'])}.eml`).split('\r\n');
    const address = (id: string, name: string) => `"${name}" <${id}@chat.example.com>`;
    const everyone = [
      [s.ids.alice, 'ALICE'],
      [s.ids.bob, 'BOB'],
      [s.ids.carol, 'CAROL'],
    ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
    const to = (people: string[][]) =>
      `To: ${people.map(([id, name]) => address(id!, name!)).join(', ')}`;
    const plan = sentRecord(s.planId);
    const planLines = eml(plan);
    // Header lines unfolded (a fold is CRLF + space) to compare whole fields.
    const fields = (lines: string[]) =>
      lines.join('\r\n').split('\r\n\r\n')[0]!.replace(/\r\n /g, ' ').split('\r\n');
    expect(fields(planLines)).toEqual([
      `Message-ID: <${s.planId}@tidings>`,
      expect.stringMatching(/^Date: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000$/),
      `From: ${address(s.ids.alice, 'ALICE')}`,
      to(everyone),
      `Subject: =?UTF-8?B?${Buffer.from('ops 运维').toString('base64')}?=`,
      'X-Tidings-Event: sent',
      `X-Tidings-Record-Seq: ${plan.seq}`,
      `X-Tidings-Record-Id: ${plan.id}`,
      `X-Tidings-Record-Hash: ${plan.hash}`,
      `X-Tidings-Conversation-Id: ${s.channelId}`,
      `X-Tidings-Message-Id: ${s.planId}`,
      'X-Tidings-Sender-Kind: user',
      `X-Tidings-Sender-Id: ${s.ids.alice}`,
      'X-Tidings-Conversation-Kind: channel',
      `X-Tidings-Attachment: ${s.fileId}; path=attachments/${s.fileId}-plan%20Q1.txt; sha256=${sha256(Buffer.from('step 1: deploy\n'))}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
    ]);
    expect(planLines.slice(-3)).toEqual(['Deploy at 5, "ok"?', 'Second line, with comma', '']);
    expect(eml(sentRecord(s.greetingId)).at(-2)).toBe(
      'Gr=C3=BC=C3=9Fe =E2=80=94 =E4=BD=A0=E5=A5=BD',
    );

    const edit = chat.find((r) => r.type === 'messaging.message.edited')!;
    const editLines = fields(eml(edit));
    expect(editLines).toContain(`Message-ID: <${edit.id}@tidings>`);
    expect(editLines).toContain(`In-Reply-To: <${s.planId}@tidings>`);
    expect(editLines).toContain('X-Tidings-Event: edited');
    expect(eml(edit).at(-2)).toBe('Deploy at 6');
    const deleted = chat.find((r) => r.type === 'messaging.message.deleted')!;
    expect(fields(eml(deleted))).toEqual(
      expect.arrayContaining([
        `From: ${address(s.ids.bob, 'BOB')}`,
        `In-Reply-To: <${s.greetingId}@tidings>`,
        'X-Tidings-Event: deleted',
      ]),
    );
    expect(eml(deleted).at(-2)).toBe('This message was deleted by BOB.');

    // Carol was removed before these: she is not among their recipients.
    const remaining = everyone.filter(([id]) => id !== s.ids.carol);
    expect(fields(eml(sentRecord(s.afterId)))).toContain(to(remaining));
    const hook = fields(eml(sentRecord(s.webhookMessageId)));
    expect(hook).toEqual(
      expect.arrayContaining([
        `From: ${address(s.webhookId, 'Grafana')}`,
        'X-Tidings-Sender-Kind: webhook',
        `X-Tidings-Webhook-Id: ${s.webhookId}`,
      ]),
    );
  });

  it('a second run of the same export writes byte-identical archives', async () => {
    for (const format of ['csv', 'jsonl', 'eml']) {
      const first = await exportOf(format);
      const again = await runJob({ format, to });
      expect(again.job.id).not.toBe(first.job.id);
      expect(again.job.archive, format).toEqual(first.job.archive);
      expect(sha256(again.bytes)).toBe(first.job.archive!.sha256);
      expect(again.bytes.equals(first.bytes), format).toBe(true);
    }
  });

  it('records who exported what in the trail', async () => {
    const { job } = await exportOf('csv');
    const own = await host.trail.search(
      { types: ['audit.export.started', 'audit.export.completed'] },
      { limit: 100 },
    );
    const mine = own.filter((r) => r.data['jobId'] === job.id);
    expect(mine.map((r) => r.type)).toEqual(['audit.export.started', 'audit.export.completed']);
    expect(mine[1]).toMatchObject({
      actor: job.createdBy,
      data: {
        format: 'csv',
        filters: { to },
        status: 'done',
        recordCount: records.length,
        archive: job.archive,
      },
    });
  });

  it('filters by users and by type prefix', async () => {
    const { bytes } = await runJob({ format: 'jsonl', to, users: [s.ids.carol] });
    const carol = text(filesOf(join(unpack(bytes), 'audit-export')), 'records.jsonl')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditRecord);
    expect(carol.map((r) => r.seq)).toEqual(
      records.filter((r) => r.subjectIds.includes(s.ids.carol)).map((r) => r.seq),
    );
    expect(carol.map((r) => r.type)).toEqual(
      expect.arrayContaining(['directory.user.created', 'messaging.member.left']),
    );
    const logins = await runJob({ format: 'csv', to, types: ['identity.*'] });
    expect(logins.job.progress).toEqual({ records: 2, total: 2 });
  });

  it('answers 403 to every role but compliance, 400 naming a bad field, 404 for no such job', async () => {
    const { job } = await exportOf('csv');
    const routes: Array<['GET' | 'POST', string, unknown?]> = [
      ['POST', '/audit/exports', { format: 'csv' }],
      ['GET', '/audit/exports'],
      ['GET', `/audit/exports/${job.id}`],
      ['GET', `/audit/exports/${job.id}/archive`],
    ];
    for (const roles of [['user'], ['admin'], ['integration'], ['user', 'admin']])
      for (const [method, url, body] of routes) {
        const response = await host.call(method, url, { username: 'alice', roles }, body);
        expect(response.statusCode, `${roles} ${method} ${url}`).toBe(403);
      }
    const bad = await host.call('POST', '/audit/exports', officer, { format: 'pdf' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(bad.json())).toContain('format');
    const unknown = await host.call(
      'GET',
      '/audit/exports/01a215c7-0000-7000-8000-000000000000',
      officer,
    );
    expect(unknown.statusCode).toBe(404);
    const list = (await host.ok('GET', '/audit/exports?limit=2', officer)) as {
      items: ExportJob[];
      nextCursor: string | null;
    };
    expect(list.items).toHaveLength(2);
    expect(list.nextCursor).not.toBeNull();
  });
});
