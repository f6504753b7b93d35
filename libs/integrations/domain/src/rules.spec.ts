import { describe, expect, it } from 'vitest';
import { bodyHash, idempotencyKeyOf, replayOf } from './idempotency';
import { PayloadError, readWebhookBody } from './incoming-payload';
import { IpAllowlist, parseCidr } from './ip-allowlist';
import { chooseTarget } from './webhook';

describe('idempotency rules', () => {
  it('prefers Idempotency-Key, then webhook-id, else none', () => {
    expect(idempotencyKeyOf({ idempotencyKey: 'k1', webhookId: 'w1' })).toEqual({
      ok: true,
      key: 'k1',
    });
    expect(idempotencyKeyOf({ idempotencyKey: undefined, webhookId: 'w1' })).toEqual({
      ok: true,
      key: 'w1',
    });
    expect(idempotencyKeyOf({ idempotencyKey: undefined, webhookId: undefined })).toEqual({
      ok: true,
      key: null,
    });
  });

  it('refuses an empty, overlong or non-printable key, naming the header', () => {
    expect(idempotencyKeyOf({ idempotencyKey: '', webhookId: undefined })).toMatchObject({
      ok: false,
      field: 'Idempotency-Key',
    });
    expect(
      idempotencyKeyOf({ idempotencyKey: undefined, webhookId: 'x'.repeat(201) }),
    ).toMatchObject({ ok: false, field: 'webhook-id' });
    expect(idempotencyKeyOf({ idempotencyKey: 'a b', webhookId: undefined }).ok).toBe(false);
  });

  it('answers a replay with the original, and a key reused for another body as a conflict', () => {
    const hash = bodyHash(Buffer.from('{"text":"a"}'));
    expect(replayOf(undefined, hash)).toEqual({ kind: 'new' });
    expect(replayOf({ messageId: 'm1', bodyHash: hash }, hash)).toEqual({
      kind: 'same',
      messageId: 'm1',
    });
    expect(
      replayOf({ messageId: 'm1', bodyHash: hash }, bodyHash(Buffer.from('{"text":"b"}'))),
    ).toEqual({
      kind: 'reused',
      messageId: 'm1',
    });
  });
});

describe('IP allowlist', () => {
  it('allows everyone when empty, and only the listed networks otherwise', () => {
    expect(new IpAllowlist([]).allows('8.8.8.8')).toBe(true);
    const list = new IpAllowlist(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32']);
    expect(list.allows('10.200.1.1')).toBe(true);
    expect(list.allows('::ffff:10.1.2.3')).toBe(true);
    expect(list.allows('192.0.2.7')).toBe(true);
    expect(list.allows('192.0.2.8')).toBe(false);
    expect(list.allows('2001:db8:1::5')).toBe(true);
    expect(list.allows('2001:db9::1')).toBe(false);
    expect(list.allows(undefined)).toBe(false);
  });

  it('parses CIDRs and refuses what is not one', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    for (const bad of ['10.0.0.0/33', 'example.com', '10.0.0/8', '::1/129', '1.2.3.4/8/1'])
      expect(parseCidr(bad), bad).toBeNull();
    expect(() => new IpAllowlist(['nope'])).toThrow(/nope/);
  });
});

describe('payloads and targets', () => {
  it('reads JSON and Slack form-encoded payload= through the dialects', () => {
    expect(readWebhookBody('{"text":"hi"}', 'application/json; charset=utf-8')).toMatchObject({
      text: 'hi',
      channel: null,
    });
    const form = `payload=${encodeURIComponent('{"text":"from form","channel":"#ops"}')}`;
    expect(readWebhookBody(form, 'application/x-www-form-urlencoded')).toMatchObject({
      text: 'from form',
      channel: 'ops',
    });
  });

  it('names the field at fault, with the status kind', () => {
    const refusal = (body: string, type = 'application/json') => {
      try {
        readWebhookBody(body, type);
        return null;
      } catch (error) {
        return { field: (error as PayloadError).field, kind: (error as PayloadError).kind };
      }
    };
    expect(refusal('{')).toEqual({ field: 'body', kind: 'invalid' });
    expect(refusal('[]')).toEqual({ field: 'body', kind: 'invalid' });
    expect(refusal('{"text":""}')).toEqual({ field: 'text', kind: 'invalid' });
    expect(refusal('{"txt":"typo"}')).toEqual({ field: 'body', kind: 'unprocessable' });
    expect(refusal('a=1', 'application/x-www-form-urlencoded')).toEqual({
      field: 'payload',
      kind: 'invalid',
    });
    expect(refusal('x', 'text/plain')).toEqual({
      field: 'Content-Type',
      kind: 'unsupported_media_type',
    });
  });

  it('chooses the first target, or the listed one a payload names — never another', () => {
    const targets = [
      { id: 'c1', name: 'ops' },
      { id: 'c2', name: 'Deploys' },
    ];
    expect(chooseTarget(targets, null)?.id).toBe('c1');
    expect(chooseTarget(targets, 'deploys')?.id).toBe('c2');
    expect(chooseTarget(targets, 'c2')?.id).toBe('c2');
    expect(chooseTarget(targets, 'random')).toBeNull();
  });
});
