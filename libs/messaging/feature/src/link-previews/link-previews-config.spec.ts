import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { linkPreviewsConfigShape, linkPreviewsOptionsOf } from './link-previews-config';

const schema = z.object(linkPreviewsConfigShape);

describe('link preview settings', () => {
  it('are on by default with no allowed private hosts', () => {
    const options = linkPreviewsOptionsOf(schema.parse({}));
    expect(options.enabled).toBe(true);
    expect([...options.policy.allowHosts]).toEqual([]);
  });

  it('read LINK_PREVIEWS=off and a host list, normalised', () => {
    const options = linkPreviewsOptionsOf(
      schema.parse({
        LINK_PREVIEWS: 'off',
        LINK_PREVIEW_ALLOW_HOSTS: ' Wiki.Corp.example. , 10.0.0.5,[fd00::1],localhost',
      }),
    );
    expect(options.enabled).toBe(false);
    expect([...options.policy.allowHosts]).toEqual([
      'wiki.corp.example',
      '10.0.0.5',
      'fd00::1',
      'localhost',
    ]);
  });

  it('refuse a URL or host:port in the list with a clear message', () => {
    for (const value of ['http://wiki', 'wiki:8080', 'a b']) {
      const result = schema.safeParse({ LINK_PREVIEW_ALLOW_HOSTS: value });
      expect(result.success, value).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/expected host names or IP addresses/);
    }
  });
});
