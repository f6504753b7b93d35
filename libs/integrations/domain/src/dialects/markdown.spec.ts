import { describe, expect, it } from 'vitest';
import { escapePlain, link, neutraliseMentions, safeUrl, sanitizeMarkdown } from './markdown';

describe('safeUrl', () => {
  it('keeps web and mail links, normalised', () => {
    expect(safeUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(safeUrl(' HTTP://Example.com ')).toBe('http://example.com/');
    expect(safeUrl('mailto:ops@example.com')).toBe('mailto:ops@example.com');
  });

  it('refuses every other scheme, relative paths and garbage', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '/relative/path',
      '//evil.example.com',
      'not a url',
      '',
    ]) {
      expect(safeUrl(url), url).toBeNull();
    }
  });

  it('unwraps DingTalk web-link deep links and refuses other dingtalk: links', () => {
    expect(
      safeUrl(
        'dingtalk://dingtalkclient/page/link?url=https%3A%2F%2Foa.example.com%2Fx&pc_slide=true',
      ),
    ).toBe('https://oa.example.com/x');
    expect(safeUrl('dingtalk://dingtalkclient/page/link?url=javascript%3Aalert(1)')).toBeNull();
    expect(safeUrl('dingtalk://dingtalkclient/action/sendmsg?dingtalk_id=x')).toBeNull();
  });

  it('encodes what could end a markdown destination or read as a mention', () => {
    expect(safeUrl('https://example.com/wiki/Foo_(bar)')).toBe(
      'https://example.com/wiki/Foo_%28bar%29',
    );
    expect(safeUrl('https://medium.com/@alice/post')).toBe('https://medium.com/%40alice/post');
  });
});

describe('link', () => {
  it('makes a markdown link of a safe URL and leaves only the label of an unsafe one', () => {
    expect(link('docs', 'https://example.com')).toBe('[docs](https://example.com/)');
    expect(link('', 'https://example.com')).toBe('<https://example.com/>');
    expect(link('click me', 'javascript:alert(1)')).toBe('click me');
    expect(link('', 'javascript:alert(1)')).toBe('javascript:alert(1)');
  });
});

describe('escapePlain', () => {
  it('shows markdown punctuation and block markers as typed', () => {
    expect(escapePlain('*a* _b_ ~c~ `d` [e](f) <g>')).toBe(
      '\\*a\\* \\_b\\_ \\~c\\~ \\`d\\` \\[e\\](f) \\<g>',
    );
    expect(escapePlain('> not a quote\n- not a list\n1. nor this\n# nor this')).toBe(
      '\\> not a quote\n\\- not a list\n\\1. nor this\n\\# nor this',
    );
    expect(escapePlain('&lt; stays &amp; as typed, & alone too')).toBe(
      '\\&lt; stays \\&amp; as typed, & alone too',
    );
  });
});

describe('neutraliseMentions', () => {
  it('breaks every mention the server would see, leaving addresses and code alone', () => {
    expect(neutraliseMentions('@all hi @alice, mail bob@example.com')).toBe(
      '@\u2060all hi @\u2060alice, mail bob@example.com',
    );
    expect(neutraliseMentions('你好@zhangwei')).toBe('你好@\u2060zhangwei');
    expect(neutraliseMentions('`@here` and\n```\n@channel\n```')).toBe(
      '`@here` and\n```\n@channel\n```',
    );
  });
});

describe('sanitizeMarkdown', () => {
  it('turns headings into bold lines, also inside quotes', () => {
    expect(sanitizeMarkdown('### Title ###\n> #### quoted')).toBe('**Title**\n> **quoted**');
  });

  it('turns images into links and drops unsafe link targets', () => {
    expect(sanitizeMarkdown('![chart](https://img.example.com/c.png)')).toBe(
      '[chart](https://img.example.com/c.png)',
    );
    expect(sanitizeMarkdown('![](https://img.example.com/c.png)')).toBe(
      '[image](https://img.example.com/c.png)',
    );
    expect(sanitizeMarkdown('[x](javascript:alert(1)) and [y](data:text/html,hi)')).toBe('x and y');
  });

  it("removes WeCom's font tags and turns <br> into a line break, other HTML stays text", () => {
    expect(sanitizeMarkdown('a<font color="warning">132</font><br/>b <script>x</script>')).toBe(
      'a132\nb <script>x</script>',
    );
  });

  it('leaves code verbatim', () => {
    expect(sanitizeMarkdown('`# not a heading` ![x](javascript:1)')).toBe('`# not a heading` x');
  });
});
