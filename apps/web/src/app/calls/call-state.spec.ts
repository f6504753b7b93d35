import { describe, expect, it } from 'vitest';
import { callView, updated } from './call-fixtures';
import {
  applyCallAnswer,
  applyCallEvent,
  concernsMe,
  ongoingIn,
  ringingFor,
  statusOf,
  type CallBook,
} from './call-state';

const empty: CallBook = new Map();

describe('the book of calls', () => {
  it('follows a call from ring to end through its events', () => {
    const ringing = callView('k1', { alice: 'joined', bob: 'ringing' });
    let book = applyCallEvent(empty, updated(ringing, 'started', 'alice'));
    expect(ringingFor(book, 'bob').map((c) => c.id)).toEqual(['k1']);
    expect(ringingFor(book, 'alice')).toEqual([]);
    expect(ongoingIn(book, 'c1')?.id).toBe('k1');

    const active = callView('k1', { alice: 'joined', bob: 'joined' }, { state: 'active' });
    book = applyCallEvent(book, updated(active, 'accepted', 'bob'));
    expect(ringingFor(book, 'bob')).toEqual([]);
    expect(statusOf(book.get('k1')!, 'bob')).toBe('joined');

    const ended = callView('k1', { alice: 'left', bob: 'joined' }, { state: 'ended' });
    book = applyCallEvent(book, updated(ended, 'ended', 'alice'));
    expect(ongoingIn(book, 'c1')).toBeNull();
    expect(book.get('k1')?.state).toBe('ended');
  });

  it('takes a REST answer only for a call the events have not told of', () => {
    const answer = callView('k1', { alice: 'joined', bob: 'ringing' });
    const fromAnswer = applyCallAnswer(empty, answer);
    expect(fromAnswer.get('k1')).toBe(answer);
    // An event already said it ended: the older answer must not bring it back.
    const ended = callView('k1', { alice: 'left', bob: 'missed' }, { state: 'ended' });
    const afterEvent = applyCallEvent(empty, updated(ended, 'missed', 'bob'));
    expect(applyCallAnswer(afterEvent, answer).get('k1')?.state).toBe('ended');
  });

  it('lists the newest ring first and forgets old ended calls', () => {
    let book = empty;
    for (let i = 0; i < 30; i++) {
      const ended = callView(`old-${i}`, { alice: 'left' }, { state: 'ended' });
      book = applyCallEvent(book, updated(ended, 'ended', 'alice'));
    }
    expect(book.size).toBe(20);
    expect(book.has('old-0')).toBe(false);
    expect(book.has('old-29')).toBe(true);
    book = applyCallEvent(
      book,
      updated(callView('a', { x: 'joined', me: 'ringing' }), 'started', 'x'),
    );
    book = applyCallEvent(
      book,
      updated(callView('b', { y: 'joined', me: 'ringing' }), 'started', 'y'),
    );
    expect(ringingFor(book, 'me').map((c) => c.id)).toEqual(['b', 'a']);
  });

  it('says which events the call screen must load for', () => {
    const ring = callView('k1', { alice: 'joined', bob: 'ringing', carol: 'declined' });
    expect(concernsMe(updated(ring, 'started', 'alice'), 'bob')).toBe(true);
    expect(concernsMe(updated(ring, 'started', 'alice'), 'alice')).toBe(true);
    expect(concernsMe(updated(ring, 'declined', 'carol'), 'carol')).toBe(false);
    expect(concernsMe(updated(ring, 'started', 'alice'), 'dave')).toBe(false);
    const ended = callView('k1', { alice: 'joined', bob: 'ringing' }, { state: 'ended' });
    expect(concernsMe(updated(ended, 'ended', 'alice'), 'bob')).toBe(false);
  });
});
