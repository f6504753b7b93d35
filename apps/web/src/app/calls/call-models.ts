/** The shapes of calls as the server sends them (docs/calls.md). */

export type CallMedia = 'audio' | 'video';
export type CallState = 'ringing' | 'active' | 'ended';
export type CallOutcome = 'completed' | 'missed' | 'cancelled' | 'declined' | 'busy';
export type ParticipantStatus = 'joined' | 'ringing' | 'declined' | 'busy' | 'missed' | 'left';

export interface CallParticipant {
  userId: string;
  status: ParticipantStatus;
  joinedAt: string | null;
  leftAt: string | null;
}

/** The call view: REST answers and `messaging.call.updated`'s `call`. */
export interface CallView {
  id: string;
  conversationId: string;
  media: CallMedia;
  state: CallState;
  outcome: CallOutcome | null;
  startedBy: string;
  startedAt: string;
  connectedAt: string | null;
  endedAt: string | null;
  durationMs: number;
  participants: CallParticipant[];
}

export type CallChange =
  'started' | 'accepted' | 'declined' | 'busy' | 'cancelled' | 'left' | 'missed' | 'ended';

/** `messaging.call.updated` v1's data. */
export interface CallUpdatedEvent {
  conversationId: string;
  call: CallView;
  change: CallChange;
  /** Whose act it was. */
  userId: string;
}

/** What a browser says about its own media; screen sharing replaces the camera's track. */
export interface MediaState {
  audio: boolean;
  video: boolean;
  screen: boolean;
}

export interface CandidateInit {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
  usernameFragment: string | null;
}

export type CallSignal =
  | { kind: 'offer' | 'answer'; sdp: string }
  | { kind: 'candidate'; candidate: CandidateInit | null }
  | ({ kind: 'media' } & MediaState);

/** The ephemeral `call.signal` frame's data, as a participant's devices receive it. */
export interface CallSignalFrame {
  callId: string;
  fromUserId: string;
  signal: CallSignal;
}

/** `GET /api/v1/calls/ice-servers`. */
export interface IceConfig {
  iceServers: RTCIceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
  ttlSeconds: number;
}

/** A call's summary message (`system` of a `call.ended` / `call.missed` system message). */
export interface CallSummarySystem {
  type: 'call.ended' | 'call.missed';
  callId: string;
  media: CallMedia;
  outcome: CallOutcome;
  durationMs: number;
  participantIds: string[];
}
