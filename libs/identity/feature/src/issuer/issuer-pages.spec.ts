import { describe, expect, it } from 'vitest';
import { escapeHtml, renderLoginPage, renderMessagePage } from './issuer-pages';
import { chooseLanguage } from './page-i18n';

describe('choosing the page language', () => {
  it('takes ?lang= first, then Accept-Language by quality, else English', () => {
    expect(chooseLanguage('zh-CN', 'en-US')).toBe('zh-CN');
    expect(chooseLanguage('en', 'zh-CN')).toBe('en');
    expect(chooseLanguage('fr', 'zh-Hans-CN,zh;q=0.9')).toBe('zh-CN');
    expect(chooseLanguage(undefined, 'fr-FR,en;q=0.5,zh;q=0.8')).toBe('zh-CN');
    expect(chooseLanguage(undefined, 'zh;q=0,en-GB')).toBe('en');
    expect(chooseLanguage(undefined, 'de-DE')).toBe('en');
    expect(chooseLanguage(undefined, undefined)).toBe('en');
  });
});

describe('the login page', () => {
  it('escapes everything it echoes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    const html = renderLoginPage({
      language: 'en',
      action: '/oidc/interaction/abc/login',
      selfPath: '/oidc/interaction/abc',
      username: '"><script>alert(1)</script>',
      problem: { kind: 'wrong_credentials' },
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('posts to the interaction with the chosen language and links both languages', () => {
    const html = renderLoginPage({
      language: 'zh-CN',
      action: '/oidc/interaction/abc/login',
      selfPath: '/oidc/interaction/abc',
    });
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('action="/oidc/interaction/abc/login?lang=zh-CN"');
    expect(html).toContain('href="/oidc/interaction/abc?lang=en"');
    expect(html).toContain('登录 Tidings');
    expect(html).not.toContain('role="alert"');
  });

  it('says how long a lock lasts, in either language', () => {
    const locked = (language: 'en' | 'zh-CN', minutes: number) =>
      renderLoginPage({
        language,
        action: '/a',
        selfPath: '/s',
        problem: { kind: 'locked', minutes },
      });
    expect(locked('en', 1)).toContain('try again in 1 minute.');
    expect(locked('en', 15)).toContain('try again in 15 minutes.');
    expect(locked('zh-CN', 15)).toContain('请在 15 分钟后重试');
  });

  it('tells a directory outage and a not-yet-synced person apart from a wrong password', () => {
    const page = (language: 'en' | 'zh-CN', kind: 'directory_unavailable' | 'not_provisioned') =>
      renderLoginPage({ language, action: '/a', selfPath: '/s', problem: { kind } });
    expect(page('en', 'directory_unavailable')).toContain(
      'The company directory cannot be reached',
    );
    expect(page('zh-CN', 'directory_unavailable')).toContain('暂时无法连接企业目录');
    expect(page('en', 'not_provisioned')).toContain('not set up in Tidings yet');
    expect(page('zh-CN', 'not_provisioned')).toContain('尚未同步到 Tidings');
    expect(page('en', 'not_provisioned')).not.toContain('Wrong username or password.');
  });

  it('loads nothing from elsewhere', () => {
    const pages = [
      renderLoginPage({ language: 'en', action: '/a', selfPath: '/s' }),
      renderMessagePage({ language: 'en', title: 't', heading: 'h', message: 'm', homeUrl: '/' }),
    ];
    for (const html of pages) {
      expect(html).not.toMatch(/<link|<script|@import|src=|url\(/i);
    }
  });
});
