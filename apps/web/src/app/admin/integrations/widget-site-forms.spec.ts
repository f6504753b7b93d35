import { describe, expect, it } from 'vitest';
import {
  checkWidgetSite,
  embedSnippet,
  EMPTY_WIDGET_SITE,
  originOf,
  siteRefusal,
} from './widget-site-forms';

/** As ApiError carries a refusal (structurally: code and the problem+json body). */
function refusal(code: string, detail: string, errors?: Array<{ path: string; message: string }>) {
  return Object.assign(new Error(detail), {
    code,
    problem: { code, detail, ...(errors ? { errors } : {}) },
  });
}

describe('a widget site origin', () => {
  it('is scheme, host and port, normalised as browsers send Origin', () => {
    expect(originOf(' https://oa.example.com ')).toBe('https://oa.example.com');
    expect(originOf('HTTPS://OA.Example.COM/')).toBe('https://oa.example.com');
    expect(originOf('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    // A default port is not part of the Origin a browser sends.
    expect(originOf('https://erp.example.com:443')).toBe('https://erp.example.com');
    expect(originOf('http://[::1]:3000')).toBe('http://[::1]:3000');
  });

  it('refuses what would never match an Origin header', () => {
    for (const text of [
      'oa.example.com',
      'ftp://oa.example.com',
      'https://oa.example.com/portal',
      'https://oa.example.com?x=1',
      'https://oa.example.com#top',
      'https://user@oa.example.com',
      'https://oa example.com',
      'https://oa.example.com:99999',
      'https://*.example.com',
      'https://oa;frame-src.example.com',
      `https://${'a'.repeat(300)}.com`,
      'https://',
      'javascript:alert(1)',
    ])
      expect(originOf(text), text).toBeNull();
  });
});

describe('the add-a-site form', () => {
  it('builds the request, the name only when given', () => {
    expect(
      checkWidgetSite({ origin: 'https://OA.example.com/', botId: 'bot-1', name: '  ' }),
    ).toEqual({ ok: true, value: { origin: 'https://oa.example.com', botId: 'bot-1' } });
    expect(
      checkWidgetSite({ origin: 'http://127.0.0.1:5173', botId: 'bot-1', name: ' OA 系统 ' }),
    ).toEqual({
      ok: true,
      value: { origin: 'http://127.0.0.1:5173', botId: 'bot-1', name: 'OA 系统' },
    });
  });

  it('names each field that is missing or wrong', () => {
    expect(checkWidgetSite(EMPTY_WIDGET_SITE)).toEqual({
      ok: false,
      problems: [
        { field: 'origin', message: 'integrations.sites.originRequired' },
        { field: 'botId', message: 'integrations.sites.botRequired' },
      ],
    });
    expect(
      checkWidgetSite({ origin: 'https://oa.example.com/x', botId: 'b', name: 'n'.repeat(101) }),
    ).toEqual({
      ok: false,
      problems: [
        { field: 'origin', message: 'integrations.sites.originInvalid' },
        { field: 'name', message: 'integrations.sites.nameTooLong' },
      ],
    });
  });
});

describe("the server's refusal of a site", () => {
  it('puts the known codes beside their field, in the console’s words', () => {
    expect(siteRefusal(refusal('widget.site_exists', 'Already a widget site'))).toEqual({
      byField: { origin: { key: 'integrations.sites.exists' } },
      general: null,
    });
    expect(siteRefusal(refusal('widget.origin_invalid', 'Not an origin'))).toEqual({
      byField: { origin: { key: 'integrations.sites.originInvalid' } },
      general: null,
    });
    // The code's own field wins over the issue naming the same field; nothing is said twice.
    expect(
      siteRefusal(
        refusal('widget.bot_unknown', 'No such bot', [{ path: 'botId', message: 'unknown bot' }]),
      ),
    ).toEqual({ byField: { botId: { key: 'integrations.sites.botUnknown' } }, general: null });
  });

  it("shows a validation issue's own message beside the field it names", () => {
    const invalid = refusal('validation.failed', 'The request body is invalid.', [
      { path: 'body.name', message: 'name is too long' },
      { path: 'body.extra', message: 'unrecognised key "extra"' },
    ]);
    expect(siteRefusal(invalid)).toEqual({
      byField: { name: { text: 'name is too long' } },
      general: 'unrecognised key "extra"',
    });
  });

  it('says anything else in one line under the form', () => {
    expect(siteRefusal(refusal('auth.forbidden', 'You may not manage bots.'))).toEqual({
      byField: {},
      general: 'You may not manage bots.',
    });
    expect(siteRefusal(new Error('network error')).general).toBe('network error');
  });
});

describe('the embed snippet', () => {
  it("loads this Tidings' loader from where the console was reached", () => {
    expect(embedSnippet('https://chat.example.com/')).toBe(
      '<script src="https://chat.example.com/widget/loader.js" async></script>\n' +
        '<tidings-chat></tidings-chat>',
    );
    // Served under a path prefix (base href), the loader is too.
    expect(embedSnippet('https://intranet.example.com/tidings/')).toContain(
      'src="https://intranet.example.com/tidings/widget/loader.js"',
    );
  });
});
