import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  checkDingTalkSignature,
  checkStandardSignature,
  checkUrlToken,
  dingTalkSign,
  hashToken,
  newSecret,
} from './signatures';

const now = Date.UTC(2026, 0, 15, 12, 0, 0);
const secret = newSecret('standard');
const body = Buffer.from('{"text":"deploy finished ✅"}');

/** Headers as a Standard Webhooks sender makes them (the reference package signs). */
function signed(at: number, payload: Buffer = body, key = secret, id = 'msg_1') {
  return {
    id,
    timestamp: String(Math.floor(at / 1000)),
    signature: new Webhook(key).sign(id, new Date(at), payload),
  };
}

describe('Standard Webhooks signatures', () => {
  it('accepts a signature made with the reference package', () => {
    expect(checkStandardSignature(signed(now), body, [secret], now)).toEqual({ ok: true });
  });

  it('accepts a timestamp just inside the 5-minute tolerance, either way', () => {
    for (const skew of [-299_000, 299_000])
      expect(checkStandardSignature(signed(now + skew), body, [secret], now).ok).toBe(true);
  });

  it('refuses a timestamp 6 minutes off (even with a valid signature), naming the header', () => {
    for (const skew of [-360_000, 360_000])
      expect(checkStandardSignature(signed(now + skew), body, [secret], now)).toMatchObject({
        ok: false,
        reason: 'timestamp_out_of_tolerance',
        field: 'webhook-timestamp',
      });
  });

  it('refuses one changed body byte', () => {
    const changed = Buffer.from(body);
    changed[3] = (changed[3] as number) ^ 1;
    expect(checkStandardSignature(signed(now), changed, [secret], now)).toMatchObject({
      ok: false,
      reason: 'signature_invalid',
      field: 'webhook-signature',
    });
  });

  it('refuses another secret, a changed id and missing headers', () => {
    expect(checkStandardSignature(signed(now), body, [newSecret('standard')], now).ok).toBe(false);
    const headers = signed(now);
    expect(checkStandardSignature({ ...headers, id: 'msg_2' }, body, [secret], now).ok).toBe(false);
    expect(
      checkStandardSignature({ ...headers, signature: undefined }, body, [secret], now),
    ).toMatchObject({ ok: false, reason: 'unauthenticated', field: 'webhook-signature' });
    expect(
      checkStandardSignature({ ...headers, timestamp: 'soon' }, body, [secret], now),
    ).toMatchObject({ ok: false, field: 'webhook-timestamp' });
  });

  it('during a rotation accepts the old and the new secret; afterwards only the new', () => {
    const next = newSecret('standard');
    expect(checkStandardSignature(signed(now), body, [next, secret], now).ok).toBe(true);
    expect(checkStandardSignature(signed(now, body, next), body, [next, secret], now).ok).toBe(
      true,
    );
    expect(checkStandardSignature(signed(now), body, [next], now).ok).toBe(false);
  });

  it('accepts any of several space-separated signatures (a sender mid-rotation sends both)', () => {
    const next = newSecret('standard');
    const both = `${signed(now, body, next).signature} ${signed(now).signature}`;
    expect(
      checkStandardSignature({ ...signed(now), signature: both }, body, [secret], now).ok,
    ).toBe(true);
  });
});

describe('DingTalk signatures', () => {
  const key = newSecret('dingtalk');

  it('accepts timestamp + sign as DingTalk computes them', () => {
    // The documented algorithm, spelled out: HmacSHA256(secret, "timestamp\nsecret"), base64.
    const sign = dingTalkSign(key, now);
    expect(checkDingTalkSignature({ timestamp: String(now), sign }, [key], now)).toEqual({
      ok: true,
    });
  });

  it('refuses a wrong sign, a skewed timestamp, and missing parameters', () => {
    expect(
      checkDingTalkSignature(
        { timestamp: String(now), sign: dingTalkSign('SECx', now) },
        [key],
        now,
      ),
    ).toMatchObject({ ok: false, field: 'sign', reason: 'signature_invalid' });
    const old = now - 360_000;
    expect(
      checkDingTalkSignature({ timestamp: String(old), sign: dingTalkSign(key, old) }, [key], now),
    ).toMatchObject({ ok: false, field: 'timestamp', reason: 'timestamp_out_of_tolerance' });
    expect(checkDingTalkSignature({ timestamp: undefined, sign: 'x' }, [key], now)).toMatchObject({
      ok: false,
      field: 'timestamp',
    });
  });
});

describe('URL tokens', () => {
  it('matches only a stored hash, and the hash is not the token', () => {
    const token = newSecret('url');
    expect(hashToken(token)).not.toContain(token);
    expect(checkUrlToken(token, [hashToken(token)]).ok).toBe(true);
    expect(checkUrlToken(`${token}x`, [hashToken(token)])).toMatchObject({
      ok: false,
      field: 'token',
    });
    expect(checkUrlToken(undefined, [hashToken(token)]).ok).toBe(false);
  });
});
