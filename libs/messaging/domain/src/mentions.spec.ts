import { describe, expect, it } from 'vitest';
import { MAX_MENTIONS, notifiesEveryone, parseMentions } from './mentions';

describe('parseMentions', () => {
  it('finds usernames, lower-cased, each once, in order', () => {
    expect(parseMentions('@Alice and @bob, then @alice again').usernames).toEqual(['alice', 'bob']);
  });

  it('takes names with dots, dashes, underscores and digits, without trailing punctuation', () => {
    expect(parseMentions('thanks @li.wei-2. and @zhang_san!').usernames).toEqual([
      'li.wei-2',
      'zhang_san',
    ]);
    expect(parseMentions('(@carol) @dave: @eve?').usernames).toEqual(['carol', 'dave', 'eve']);
  });

  it('mentions after CJK text and at line starts, but not inside e-mail addresses', () => {
    expect(parseMentions('你好@zhangwei，请看\n@lisi').usernames).toEqual(['zhangwei', 'lisi']);
    expect(parseMentions('write to bob@example.com').usernames).toEqual([]);
    expect(parseMentions('@@alice').usernames).toEqual([]);
  });

  it('keeps a username that contains @ (a UPN-style name)', () => {
    expect(parseMentions('ping @alice@corp.example please').usernames).toEqual([
      'alice@corp.example',
    ]);
  });

  it('ignores code spans and fenced blocks', () => {
    const text = [
      'see `@Override` and ``@inline``',
      '```java',
      '@Autowired @bob',
      '```',
      '~~~',
      '@carol',
      '~~~',
      'but @dave counts',
    ].join('\n');
    expect(parseMentions(text).usernames).toEqual(['dave']);
  });

  it('treats an unclosed fence as code to the end', () => {
    expect(parseMentions('@a\n```\n@b').usernames).toEqual(['a']);
  });

  it('recognises broadcasts and reports the widest', () => {
    expect(parseMentions('hi @here').broadcast).toBe('here');
    expect(parseMentions('@here and @channel').broadcast).toBe('channel');
    expect(parseMentions('@channel @ALL @here').broadcast).toBe('all');
    expect(parseMentions('nobody').broadcast).toBeNull();
    // A broadcast keyword is never a username.
    expect(parseMentions('@all @here').usernames).toEqual([]);
    expect(parseMentions('@allison').usernames).toEqual(['allison']);
  });

  it('recognises @department, case-insensitively, as no username and no broadcast', () => {
    expect(parseMentions('ping @Department, please')).toEqual({
      usernames: [],
      broadcast: null,
      department: true,
    });
    expect(parseMentions('@department @bob @here')).toEqual({
      usernames: ['bob'],
      broadcast: 'here',
      department: true,
    });
    expect(parseMentions('@departments @department-heads').usernames).toEqual([
      'departments',
      'department-heads',
    ]);
    expect(parseMentions('@departments').department).toBe(false);
    expect(parseMentions('`@department` and sales@department.example').department).toBe(false);
    expect(parseMentions('```\n@department\n```').department).toBe(false);
    expect(parseMentions('@department.').department).toBe(true);
  });

  it('stops resolving names past MAX_MENTIONS', () => {
    const text = Array.from({ length: MAX_MENTIONS + 20 }, (_, i) => `@u${i}`).join(' ');
    expect(parseMentions(text).usernames).toHaveLength(MAX_MENTIONS);
  });

  it('limits only @all and @channel as notifying everyone', () => {
    expect(notifiesEveryone('all')).toBe(true);
    expect(notifiesEveryone('channel')).toBe(true);
    expect(notifiesEveryone('here')).toBe(false);
    expect(notifiesEveryone(null)).toBe(false);
  });
});
