import { describe, expect, it } from 'vitest';
import { recordHash } from '../canonical';
import type { AuditRecord } from '../record';
import { csvHeader, csvRows } from './csv';
import { emlMessage, emlPath, fileSafe, type EmlContext } from './eml';
import { jsonlLines } from './jsonl';

function record(seq: number, type: string, data: Record<string, unknown>): AuditRecord {
  const base = {
    seq,
    id: `0195f0b2-0000-7000-8000-00000000000${seq}`,
    sourceEventId: null,
    type,
    occurredAt: '2026-01-02T03:04:05.000Z',
    recordedAt: '2026-01-02T03:04:06.000Z',
    actor: { kind: 'user', id: 'u-alice' },
    subjectIds: ['u-alice'],
    conversationId: 'c-ops',
    data,
    prevHash: '0'.repeat(64),
  };
  return { ...base, hash: recordHash(base) };
}

const sent = record(7, 'messaging.message.sent', {
  conversationId: 'c-ops',
  messageId: 'm-1',
  senderId: 'u-alice',
  senderKind: 'user',
  text: 'Deploy at 5, "ok"?\nSecond line, with comma',
  fileIds: ['f-1'],
});

describe('CSV', () => {
  it('writes the header and RFC 4180 rows: CRLF, quoted fields, canonical data', () => {
    expect(csvHeader()).toBe(
      'seq,occurredAt,type,actorKind,actorId,conversationId,messageId,senderKind,text,data,hash\r\n',
    );
    const row = csvRows([sent]);
    expect(row).toBe(
      `7,2026-01-02T03:04:05.000Z,messaging.message.sent,user,u-alice,c-ops,m-1,user,` +
        `"Deploy at 5, ""ok""?\nSecond line, with comma",` +
        `"{""conversationId"":""c-ops"",""fileIds"":[""f-1""],""messageId"":""m-1"",""senderId"":""u-alice"",""senderKind"":""user"",""text"":""Deploy at 5, \\""ok\\""?\\nSecond line, with comma""}",` +
        `${sent.hash}\r\n`,
    );
  });

  it('leaves message columns empty for other records, and takes the sender kind it is given', () => {
    const login = {
      ...record(8, 'identity.login.failed', { username: 'bob' }),
      actor: null,
      conversationId: null,
    };
    expect(csvRows([login])).toBe(
      `8,2026-01-02T03:04:05.000Z,identity.login.failed,,,,,,,"{""username"":""bob""}",${login.hash}\r\n`,
    );
    expect(csvRows([sent], () => 'webhook')).toContain(',m-1,webhook,');
  });
});

describe('JSONL', () => {
  it('writes each record as its canonical JSON, one per line', () => {
    const lines = jsonlLines([sent, sent]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const parsed = JSON.parse(lines[0] as string) as AuditRecord;
    expect(parsed).toEqual(sent);
    // Keys sorted (RFC 8785): the line is the hashed form plus `hash`.
    expect(lines[0]).toMatch(
      /^\{"actor":\{"id":"u-alice","kind":"user"\},"conversationId":"c-ops","data":/,
    );
    expect(recordHash(parsed)).toBe(parsed.hash);
  });
});

describe('EML', () => {
  const context: EmlContext = {
    domain: 'chat.example.com',
    conversation: { id: 'c-ops', name: 'ops 运维', kind: 'channel' },
    from: { id: 'u-alice', displayName: 'Alice', kind: 'user', webhookId: null },
    to: [
      { id: 'u-alice', displayName: 'Alice' },
      { id: 'u-bob', displayName: null },
    ],
    attachments: [
      { fileId: 'f-1', copy: { path: 'attachments/f-1-plan Q1.pdf', sha256: 'ab'.repeat(32) } },
    ],
  };

  it('writes the message with threading id, parties, date, subject and X-Tidings headers', () => {
    expect(emlPath(sent)).toBe('messages/7-m-1.eml');
    const lines = emlMessage(sent, context).split('\r\n');
    expect(lines).toEqual([
      'Message-ID: <m-1@tidings>',
      'Date: Fri, 02 Jan 2026 03:04:05 +0000',
      'From: "Alice" <u-alice@chat.example.com>',
      'To: "Alice" <u-alice@chat.example.com>, <u-bob@chat.example.com>',
      `Subject: =?UTF-8?B?${Buffer.from('ops 运维').toString('base64')}?=`,
      'X-Tidings-Event: sent',
      'X-Tidings-Record-Seq: 7',
      `X-Tidings-Record-Id: ${sent.id}`,
      `X-Tidings-Record-Hash: ${sent.hash}`,
      'X-Tidings-Conversation-Id: c-ops',
      'X-Tidings-Message-Id: m-1',
      'X-Tidings-Sender-Kind: user',
      'X-Tidings-Sender-Id: u-alice',
      'X-Tidings-Conversation-Kind: channel',
      // Folded before a space at 78 columns.
      'X-Tidings-Attachment: f-1; path=attachments/f-1-plan%20Q1.pdf;',
      ` sha256=${'ab'.repeat(32)}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Deploy at 5, "ok"?',
      'Second line, with comma',
      '',
    ]);
  });

  it('writes an edit and a delete as follow-ups in reply to the original', () => {
    const edited = record(9, 'messaging.message.edited', {
      conversationId: 'c-ops',
      messageId: 'm-1',
      editorId: 'u-alice',
      text: 'Deploy at 6',
    });
    const edit = emlMessage(edited, { ...context, attachments: [] }).split('\r\n');
    expect(edit).toContain(`Message-ID: <${edited.id}@tidings>`);
    expect(edit).toContain('In-Reply-To: <m-1@tidings>');
    expect(edit).toContain('References: <m-1@tidings>');
    expect(edit).toContain('X-Tidings-Event: edited');
    expect(edit.at(-2)).toBe('Deploy at 6');

    const deleted = record(10, 'messaging.message.deleted', {
      conversationId: 'c-ops',
      messageId: 'm-1',
      senderId: 'u-alice',
      deletedBy: 'u-admin',
      fileIds: ['f-1'],
    });
    const from = { id: 'u-admin', displayName: 'Root', kind: 'user' as const, webhookId: null };
    const del = emlMessage(deleted, {
      ...context,
      conversation: { id: 'c-dm', name: null, kind: 'direct' },
      from,
      to: [],
      attachments: [{ fileId: 'f-1', copy: null }],
    }).split('\r\n');
    expect(del).toContain('Subject: Direct message (deleted)');
    expect(del).toContain('To: undisclosed-recipients:;');
    expect(del).toContain('X-Tidings-Original-Sender-Id: u-alice');
    expect(del).toContain('X-Tidings-Attachment: f-1; missing');
    expect(del.at(-2)).toBe('This message was deleted by Root.');
  });

  it('marks a webhook post with its origin', () => {
    const eml = emlMessage(sent, {
      ...context,
      from: { id: 'w-1', displayName: 'Grafana', kind: 'webhook', webhookId: 'w-1' },
    });
    expect(eml).toContain('\r\nFrom: "Grafana" <w-1@chat.example.com>\r\n');
    expect(eml).toContain('\r\nX-Tidings-Sender-Kind: webhook\r\n');
    expect(eml).toContain('\r\nX-Tidings-Webhook-Id: w-1\r\n');
  });

  it('makes file names safe path segments', () => {
    expect(fileSafe('../../etc/passwd')).toBe('.._.._etc_passwd'.replace(/^\.\./, '_'));
    expect(fileSafe('a\u0000b:c')).toBe('a_b_c');
    expect(Buffer.byteLength(fileSafe('文'.repeat(200)))).toBeLessThanOrEqual(150);
    expect(fileSafe('')).toBe('_');
  });
});
