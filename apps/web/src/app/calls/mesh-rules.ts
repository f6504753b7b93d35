import type { CallUpdatedEvent, CallView } from './call-models';

/**
 * Who connects to whom in a mesh call (docs/calls.md, _Signalling_): the participant who
 * joins offers to every participant already joined, answers go back, and the peers keep one
 * connection per other joined participant.
 */

/** Most people joined at once; every one of them holds a connection to each other. */
export const MESH_LIMIT = 4;

/** Those to send an offer to right after joining: everyone joined before me. */
export function peersToOffer(joinedView: CallView, myId: string): string[] {
  return joinedPeers(joinedView, myId);
}

/** The other participants joined now: the peers a connection should exist for. */
export function joinedPeers(call: CallView, myId: string): string[] {
  return call.participants
    .filter((p) => p.status === 'joined' && p.userId !== myId)
    .map((p) => p.userId);
}

/**
 * Perfect negotiation's roles: when both sides offer at once, the polite one rolls back its
 * own offer and takes the other's. Ordering the ids gives each pair exactly one polite side
 * without a message about it.
 */
export function isPolite(myId: string, peerId: string): boolean {
  return myId > peerId;
}

/**
 * Peers whose connection goes with this event: all of them when the call ended, else the one
 * who left. Judged by the change, not by the view's statuses: a joiner's offer can overtake
 * the stored event that says it joined (signals are ephemeral, events go through the outbox),
 * so an older view must not close a connection that just came up.
 */
export function peersToClose(
  event: Pick<CallUpdatedEvent, 'call' | 'change' | 'userId'>,
  connected: Iterable<string>,
): string[] {
  const peers = [...connected];
  if (event.call.state === 'ended') return peers;
  return event.change === 'left' ? peers.filter((id) => id === event.userId) : [];
}
