import { describe, expect, it } from 'vitest';
import { eventFrameText, parseClientFrame, readOfferedProtocols } from './frames';
import { upgradePath } from './upgrade-routing';

describe('readOfferedProtocols', () => {
  it('reads the token of `bearer.` and `tidings.bearer.` entries', () => {
    expect(readOfferedProtocols('tidings.v1, bearer.tdg_abc')).toEqual({
      speaksTidings: true,
      token: 'tdg_abc',
    });
    expect(readOfferedProtocols(['tidings.v1', 'tidings.bearer.tdg_xyz'])).toEqual({
      speaksTidings: true,
      token: 'tdg_xyz',
    });
    expect(readOfferedProtocols('bearer.')).toEqual({ speaksTidings: false, token: undefined });
    expect(readOfferedProtocols(undefined)).toEqual({ speaksTidings: false, token: undefined });
  });
});

describe('parseClientFrame', () => {
  it('takes acks (with or without a card), nacks, pings and auth', () => {
    expect(parseClientFrame('{"type":"ack","id":"msg_1"}')).toEqual({
      ok: true,
      frame: { type: 'ack', id: 'msg_1' },
    });
    expect(
      parseClientFrame('{"type":"nack","id":"msg_1","retryAfterSeconds":60,"reason":"busy"}'),
    ).toMatchObject({ ok: true, frame: { retryAfterSeconds: 60 } });
    expect(parseClientFrame('{"type":"ping"}')).toMatchObject({ ok: true });
    expect(parseClientFrame('{"type":"auth","token":"t"}')).toMatchObject({ ok: true });
    const card = { title: 'Leave request', text: 'Approved by 王芳' };
    expect(parseClientFrame(JSON.stringify({ type: 'ack', id: 'msg_1', card }))).toMatchObject({
      ok: true,
      frame: { card: { title: 'Leave request' } },
    });
  });

  it('names the field at fault, and the frame id when there is one', () => {
    expect(parseClientFrame('nope')).toMatchObject({ ok: false, issues: [] });
    const badCard = parseClientFrame('{"type":"ack","id":"msg_1","card":{"title":5}}');
    expect(badCard).toMatchObject({ ok: false, id: 'msg_1' });
    expect(badCard.ok === false && badCard.issues.map((i) => i.path)).toContain('card.title');
    const badNack = parseClientFrame('{"type":"nack","id":"msg_1","retryAfterSeconds":-1}');
    expect(badNack.ok === false && badNack.issues[0]?.path).toBe('retryAfterSeconds');
    expect(parseClientFrame('{"type":"subscribe"}')).toMatchObject({ ok: false });
  });
});

describe('eventFrameText', () => {
  it('splices the stored body in as the payload, byte for byte', () => {
    const body = '{"type":"messaging.message.sent","data":{"text":"你好"}}';
    const text = eventFrameText('msg_1', 2, body);
    expect(JSON.parse(text)).toEqual({
      type: 'event',
      id: 'msg_1',
      attempt: 2,
      payload: JSON.parse(body),
    });
    expect(text.endsWith(`"payload":${body}}`)).toBe(true);
  });
});

describe('upgradePath', () => {
  it('is the path without the query', () => {
    expect(upgradePath('/connect?x=1')).toBe('/connect');
    expect(upgradePath('/ws')).toBe('/ws');
  });
});
