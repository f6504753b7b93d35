import { describe, expect, it } from 'vitest';
import {
  embedderOrigin,
  framed,
  isWidgetToken,
  popupTokensMessage,
  readPageMessage,
  readPopupTokens,
  type Received,
} from './embed-messages';

const PAGE = 'https://oa.example.com';
const parent = { name: 'the parent window' };
const from = { parent, origin: PAGE };
const fromPage = (data: unknown): Received => ({ source: parent, origin: PAGE, data });

describe('embedderOrigin', () => {
  it('takes an absolute http(s) origin, normalized as browsers report event.origin', () => {
    expect(embedderOrigin('https://oa.example.com')).toBe('https://oa.example.com');
    expect(embedderOrigin('https://OA.Example.com:443/')).toBe('https://oa.example.com');
    expect(embedderOrigin('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
  });

  it('refuses anything that is not a bare origin', () => {
    for (const bad of [
      null,
      undefined,
      '',
      '*',
      'null',
      'oa.example.com',
      '//oa.example.com',
      'javascript:alert(1)',
      'ftp://oa.example.com',
      'https://oa.example.com/page',
      'https://oa.example.com?x=1',
      'https://oa.example.com#x',
      'https://user:pw@oa.example.com',
    ])
      expect(embedderOrigin(bad), String(bad)).toBeNull();
  });
});

describe('readPageMessage', () => {
  const config = {
    tidings: 1,
    type: 'config',
    context: 'erp:order:SO-1',
    title: 'Order SO-1',
    members: ['wang.fang', 'li.lei'],
    link: `${PAGE}/orders/SO-1`,
    lang: 'zh-CN',
    tokenMode: false,
  };

  it('reads the configuration, the token and visibility from the parent at its origin', () => {
    expect(readPageMessage(fromPage(config), from)).toEqual({
      type: 'config',
      config: {
        context: 'erp:order:SO-1',
        title: 'Order SO-1',
        members: ['wang.fang', 'li.lei'],
        link: `${PAGE}/orders/SO-1`,
        lang: 'zh-CN',
        tokenMode: false,
      },
    });
    expect(
      readPageMessage(fromPage({ tidings: 1, type: 'token', token: 'tdw_abc_XYZ-1' }), from),
    ).toEqual({ type: 'token', token: 'tdw_abc_XYZ-1' });
    expect(readPageMessage(fromPage({ tidings: 1, type: 'visible', visible: true }), from)).toEqual(
      { type: 'visible', visible: true },
    );
  });

  it('fills what the page left out of the configuration', () => {
    const message = readPageMessage(
      fromPage({ tidings: 1, type: 'config', lang: 'en', tokenMode: true }),
      from,
    );
    expect(message).toEqual({
      type: 'config',
      config: { context: null, title: null, members: [], link: null, lang: 'en', tokenMode: true },
    });
    // A language the client does not speak: keep the current one rather than refuse.
    const klingon = readPageMessage(fromPage({ ...config, lang: 'tlh' }), from);
    expect(klingon?.type === 'config' && klingon.config.lang).toBeNull();
  });

  it('ignores other windows and other origins, even with a perfect message', () => {
    expect(readPageMessage({ source: {}, origin: PAGE, data: config }, from)).toBeNull();
    expect(
      readPageMessage({ source: parent, origin: 'https://evil.example', data: config }, from),
    ).toBeNull();
    expect(
      readPageMessage(
        { source: parent, origin: 'https://oa.example.com:8443', data: config },
        from,
      ),
    ).toBeNull();
    expect(readPageMessage({ source: null, origin: PAGE, data: config }, from)).toBeNull();
  });

  it('ignores what is not a well-formed message of ours', () => {
    for (const data of [
      null,
      'config',
      [config],
      { ...config, tidings: 2 },
      { ...config, tidings: '1' },
      { ...config, type: 'need-token' },
      { ...config, tokenMode: 'yes' },
      { ...config, tokenMode: undefined },
      { ...config, members: 'wang.fang,li.lei' },
      { ...config, members: ['wang.fang', 7] },
      { ...config, context: 42 },
      { ...config, title: '' },
      { ...config, link: 'x'.repeat(2_001) },
      { tidings: 1, type: 'token', token: 'tdg_bot_token' },
      { tidings: 1, type: 'token', token: 'tdw_ with space' },
      { tidings: 1, type: 'token' },
      { tidings: 1, type: 'visible', visible: 'true' },
    ])
      expect(readPageMessage(fromPage(data), from), JSON.stringify(data)).toBeNull();
  });
});

describe('isWidgetToken', () => {
  it('accepts the tdw_ shape only', () => {
    expect(isWidgetToken('tdw_k3y_s3cr3t')).toBe(true);
    expect(isWidgetToken('tdg_k3y_s3cr3t')).toBe(false);
    expect(isWidgetToken(`tdw_${'a'.repeat(600)}`)).toBe(false);
    expect(isWidgetToken(undefined)).toBe(false);
  });
});

describe('popup tokens', () => {
  const popup = { name: 'the popup' };
  const tokens = {
    accessToken: 'at',
    refreshToken: 'rt',
    idToken: 'id',
    expiresAt: 1_000,
    claims: { sub: 'u1', name: 'Alice', preferred_username: 'alice' },
  };
  const origin = 'https://chat.example.com';

  it('takes the tokens from the popup this frame opened, on its own origin', () => {
    const data = popupTokensMessage(tokens);
    expect(readPopupTokens({ source: popup, origin, data }, { popup, origin })).toEqual(tokens);
  });

  it('refuses them from any other window or origin, or malformed', () => {
    const data = popupTokensMessage(tokens);
    expect(readPopupTokens({ source: {}, origin, data }, { popup, origin })).toBeNull();
    expect(readPopupTokens({ source: popup, origin: PAGE, data }, { popup, origin })).toBeNull();
    // No popup open: nothing is a popup's message, not even one from "null".
    expect(readPopupTokens({ source: null, origin, data }, { popup: null, origin })).toBeNull();
    for (const bad of [
      { ...tokens, accessToken: '' },
      { ...tokens, expiresAt: '1000' },
      { ...tokens, claims: {} },
      { ...tokens, refreshToken: 5 },
    ])
      expect(
        readPopupTokens(
          { source: popup, origin, data: { tidings: 1, type: 'tokens', tokens: bad } },
          { popup, origin },
        ),
      ).toBeNull();
  });
});

describe('framed', () => {
  it('marks what the frame posts with the protocol version', () => {
    expect(framed({ type: 'unread', count: 3 })).toEqual({ tidings: 1, type: 'unread', count: 3 });
  });
});
