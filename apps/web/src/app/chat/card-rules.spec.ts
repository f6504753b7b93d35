import { describe, expect, it } from 'vitest';
import type { Card, CardInput } from '../api/models';
import {
  accentOf,
  automatedSender,
  isCallback,
  refusalOf,
  safeHref,
  textBesideCard,
  valuesToSend,
  withCard,
} from './card-rules';
import { confirmed, mergeMessages, type ShownMessage } from './chat-state';

const card = (extra: Partial<Card> = {}): Card => ({ title: 'Leave request', ...extra });

describe('showing a card', () => {
  it('turns named accents into classes and keeps only #rrggbb colours', () => {
    expect(accentOf(card({ accent: 'success' }))).toEqual({ name: 'success', colour: null });
    expect(accentOf(card({ accent: '#A1B2C3' }))).toEqual({ name: 'custom', colour: '#a1b2c3' });
    expect(accentOf(card({ accent: 'red; background:url(x)' }))).toEqual({
      name: 'neutral',
      colour: null,
    });
    expect(accentOf(card())).toEqual({ name: 'neutral', colour: null });
  });

  it('links only to web and mail addresses', () => {
    expect(safeHref('https://oa.example/leave/7')).toBe('https://oa.example/leave/7');
    expect(safeHref(' mailto:hr@example.com ')).toBe('mailto:hr@example.com');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(safeHref('/relative')).toBeNull();
    expect(safeHref(undefined)).toBeNull();
  });

  it('tells link buttons from callback buttons', () => {
    expect(isCallback({ id: 'approve', label: 'Approve' })).toBe(true);
    expect(isCallback({ id: 'open', label: 'Open', url: 'https://oa.example' })).toBe(false);
  });

  it('does not repeat the card title the message carries as its text', () => {
    const c = card();
    expect(textBesideCard({ text: 'Leave request', card: c })).toBeNull();
    expect(textBesideCard({ text: '  ', card: c })).toBeNull();
    expect(textBesideCard({ text: 'Please look at this', card: c })).toBe('Please look at this');
    expect(textBesideCard({ text: 'hello', card: null })).toBe('hello');
  });

  it('marks bots and integrations, never people or notices', () => {
    const sender = (kind: string) => ({ id: 's', kind, username: null, displayName: null });
    expect(automatedSender({ kind: 'bot', sender: sender('integration') })).toBe('integration');
    expect(automatedSender({ kind: 'bot', sender: sender('bot') })).toBe('bot');
    expect(automatedSender({ kind: 'user', sender: sender('bot') })).toBe('bot');
    expect(automatedSender({ kind: 'user', sender: sender('user') })).toBeNull();
    expect(automatedSender({ kind: 'system', sender: sender('system') })).toBeNull();
  });
});

describe('card versions', () => {
  const message = { card: card(), cardVersion: 2 };

  it('applies a newer card and ignores an older or equal one', () => {
    const approved = card({ title: 'Approved by 王芳 at 14:02' });
    expect(withCard(message, { card: approved, cardVersion: 3 })).toEqual({
      card: approved,
      cardVersion: 3,
    });
    expect(withCard(message, { card: approved, cardVersion: 2 })).toBe(message);
    expect(withCard(message, { card: approved, cardVersion: 1 })).toBe(message);
    expect(withCard({ card: null, cardVersion: 0 }, { card: approved, cardVersion: 1 })).toEqual({
      card: approved,
      cardVersion: 1,
    });
  });

  it('keeps the newer card when two copies of a message meet', () => {
    const base: ShownMessage = confirmed({
      id: 'm1',
      conversationId: 'c',
      seq: 4,
      kind: 'bot',
      sender: { id: 'b', kind: 'bot', username: 'oa', displayName: 'OA' },
      text: 'Leave request',
      clientMsgId: null,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    const updated = { ...base, card: card({ title: 'Approved' }), cardVersion: 2 };
    const stale = { ...base, card: card(), cardVersion: 1 };
    expect(mergeMessages([updated], [stale])[0]?.card?.title).toBe('Approved');
    expect(mergeMessages([stale], [updated])[0]?.cardVersion).toBe(2);
    // An event copy without card fields keeps the card already shown.
    expect(mergeMessages([updated], [{ ...base }])[0]?.cardVersion).toBe(2);
  });
});

describe('answering a card', () => {
  const inputs: CardInput[] = [
    {
      type: 'select',
      id: 'days',
      label: 'Days',
      options: [
        { value: '1', label: 'One' },
        { value: '2', label: 'Two' },
      ],
      required: true,
    },
    { type: 'text', id: 'note', label: 'Note', maxLength: 5 },
  ];

  it('sends the typed values by input id, empty ones left out', () => {
    expect(valuesToSend(inputs, { days: '2', note: '' })).toEqual({
      ok: true,
      values: { days: '2' },
    });
    expect(valuesToSend(inputs, { days: '1', note: 'ok', stray: 'x' })).toEqual({
      ok: true,
      values: { days: '1', note: 'ok' },
    });
    expect(valuesToSend([], {})).toEqual({ ok: true, values: {} });
  });

  it('names the inputs that are not ready before sending', () => {
    expect(valuesToSend(inputs, { note: 'far too long' })).toEqual({
      ok: false,
      problems: { days: 'required', note: 'tooLong' },
    });
    expect(valuesToSend(inputs, { days: '1', note: '👍👍👍👍👍' }).ok).toBe(true);
    expect(valuesToSend(inputs, { days: '   ' })).toEqual({
      ok: false,
      problems: { days: 'required' },
    });
  });

  it("puts a refusal's field messages beside the inputs they name", () => {
    const problem = {
      code: 'integrations.card_action.invalid',
      errors: [
        { path: 'body.values.days', message: 'choose one of the options' },
        { path: 'values.note', message: 'too long' },
        { path: 'body.actionId', message: 'no such action on this card' },
      ],
    };
    expect(refusalOf(problem, 'The click was refused.', ['days', 'note'])).toEqual({
      byInput: { days: 'choose one of the options', note: 'too long' },
      general: 'no such action on this card',
    });
  });

  it('falls back to the detail when the problem names no field', () => {
    expect(refusalOf({}, 'This card takes no more answers.', ['days'])).toEqual({
      byInput: {},
      general: 'This card takes no more answers.',
    });
    // A field that is not one of the inputs (gone in a newer version) is said in general.
    expect(
      refusalOf({ errors: [{ path: 'values.old', message: 'unknown input' }] }, 'x', ['days']),
    ).toEqual({ byInput: {}, general: 'unknown input' });
  });
});
