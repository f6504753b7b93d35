import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWebhookPayload, type ParsedWebhook } from './index';

/**
 * The real-world corpus: each `fixtures/<name>.json` is a body as its tool sends it
 * (`{ source, contentType, body }`), each `<name>.expected.json` the message it must become,
 * written out and reviewed by hand — a change to either is a change of behaviour.
 */
const FIXTURES = join(import.meta.dirname, 'fixtures');

interface Fixture {
  source: string;
  contentType: string;
  body: unknown;
}

const names = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.json') && !file.endsWith('.expected.json'))
  .map((file) => file.slice(0, -'.json'.length))
  .sort();

function load<T>(file: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as T;
}

function parsed(name: string): ParsedWebhook {
  const fixture = load<Fixture>(`${name}.json`);
  return parseWebhookPayload(fixture.body, fixture.contentType);
}

// The server's mention pattern (libs/messaging/domain/src/mentions.ts; the lib boundary keeps
// it from being imported here): no text a webhook posts may match it.
const MENTION = /(?<![A-Za-z0-9._@-])@([A-Za-z0-9][A-Za-z0-9._@-]*)/;
const LINK_DESTINATION = /\]\(([^)\s]*)\)|<([a-z][a-z0-9+.-]*:[^>\s]*)>/gi;

function markdownOf(result: ParsedWebhook): string[] {
  const card = result.card;
  return [result.text, card?.text ?? '', ...(card?.fields ?? []).map((field) => field.value)].map(
    (text) => text.replace(/`[^`]*`/g, ''),
  );
}

describe('the payload corpus', () => {
  it('has at least 20 real-world payloads, each with an expected result', () => {
    expect(names.length).toBeGreaterThanOrEqual(20);
    const expected = readdirSync(FIXTURES).filter((file) => file.endsWith('.expected.json'));
    expect(expected.map((file) => file.slice(0, -'.expected.json'.length)).sort()).toEqual(names);
  });

  it('covers every dialect and every tool the issue names', () => {
    const dialects = new Set(names.map((name) => parsed(name).dialect));
    expect([...dialects].sort()).toEqual(['dingtalk', 'native', 'slack', 'wecom']);
    for (const tool of [
      'grafana-legacy',
      'grafana-unified',
      'alertmanager',
      'gitlab-push',
      'gitlab-pipeline',
      'gitlab-merge-request',
      'jenkins',
      'sentry',
      'github',
      'dingtalk-markdown',
      'dingtalk-actioncard-single',
      'dingtalk-actioncard-multi',
      'dingtalk-feedcard',
      'dingtalk-link',
      'dingtalk-text-at',
      'wecom-markdown',
      'wecom-text-mentioned',
      'wecom-news',
      'native-card',
      'slack-form-payload',
    ]) {
      expect(
        names.some((name) => name.startsWith(tool)),
        tool,
      ).toBe(true);
    }
  });

  describe.each(names)('%s', (name) => {
    it('becomes the expected message', () => {
      expect(parsed(name)).toEqual(load<ParsedWebhook>(`${name}.expected.json`));
    });

    it('carries no live mention and no link but http(s)/mailto', () => {
      const result = parsed(name);
      for (const markdown of markdownOf(result)) {
        expect(markdown).not.toMatch(MENTION);
        for (const match of markdown.matchAll(LINK_DESTINATION)) {
          expect(match[1] ?? match[2]).toMatch(/^(https?:\/\/|mailto:)/);
        }
      }
      for (const url of [result.card?.url, ...(result.card?.actions ?? []).map((a) => a.url)]) {
        if (url !== undefined) expect(url).toMatch(/^(https?:\/\/|mailto:)/);
      }
      expect(result.text !== '' || result.card !== null).toBe(true);
    });
  });
});
