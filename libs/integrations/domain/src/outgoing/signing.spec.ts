import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newSecret } from '../signatures';
import { deliveredBody } from './delivered-body';
import { signDelivery } from './signing';

describe('signDelivery', () => {
  const body = JSON.stringify(
    deliveredBody({
      id: '0195f0e2-0000-7000-8000-000000000000',
      type: 'messaging.message.sent',
      version: 1,
      occurredAt: '2025-03-01T12:00:00.000Z',
      actor: { kind: 'user', id: 'u1' },
      data: { text: '你好' },
    }),
  );

  it("verifies with the standardwebhooks library and the subscription's secret", () => {
    const secret = newSecret('standard');
    const at = new Date();
    const headers = signDelivery('msg_1', at, body, [secret]);
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
    expect(new Webhook(secret).verify(body, headers)).toMatchObject({
      type: 'messaging.message.sent',
    });
    expect(() => new Webhook(newSecret('standard')).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body.replace('你好', '你坏'), headers)).toThrow();
  });

  it('during a rotation, carries a signature for each secret', () => {
    const [current, previous] = [newSecret('standard'), newSecret('standard')];
    const headers = signDelivery('msg_2', new Date(), body, [current, previous]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toBeTruthy();
    expect(new Webhook(previous).verify(body, headers)).toBeTruthy();
  });
});
