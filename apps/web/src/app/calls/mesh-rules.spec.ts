import { describe, expect, it } from 'vitest';
import { callView, updated } from './call-fixtures';
import { isPolite, joinedPeers, peersToClose, peersToOffer } from './mesh-rules';

describe('the mesh', () => {
  it('has the joiner offer to everyone already joined, and nobody else', () => {
    // Carol's accept answered this view: Alice and Bob were in, Dave still rings, Erin declined.
    const view = callView(
      'k1',
      { alice: 'joined', bob: 'joined', carol: 'joined', dave: 'ringing', erin: 'declined' },
      { state: 'active' },
    );
    expect(peersToOffer(view, 'carol')).toEqual(['alice', 'bob']);
    // The first callee to accept a 1:1 call offers to the caller.
    expect(peersToOffer(callView('k2', { alice: 'joined', bob: 'joined' }), 'bob')).toEqual([
      'alice',
    ]);
    expect(joinedPeers(view, 'alice')).toEqual(['bob', 'carol']);
  });

  it('gives each pair exactly one polite side', () => {
    const people = ['alice', 'bob', 'carol', 'dave'];
    for (const a of people)
      for (const b of people) if (a !== b) expect(isPolite(a, b)).toBe(!isPolite(b, a));
  });

  it('closes the connection of who left, and all of them when the call ends', () => {
    const view = callView(
      'k1',
      { alice: 'joined', bob: 'left', carol: 'joined' },
      { state: 'active' },
    );
    expect(peersToClose(updated(view, 'left', 'bob'), ['bob', 'carol'])).toEqual(['bob']);
    const ended = { ...view, state: 'ended' as const };
    expect(peersToClose(updated(ended, 'ended', 'carol'), ['bob', 'carol'])).toEqual([
      'bob',
      'carol',
    ]);
  });

  it('keeps a connection an older view does not list yet (the offer overtook the event)', () => {
    // Bob's offer arrived first; then the event of Alice's start, where Bob still rings.
    const started = callView('k1', { alice: 'joined', bob: 'ringing' });
    expect(peersToClose(updated(started, 'started', 'alice'), ['bob'])).toEqual([]);
  });
});
