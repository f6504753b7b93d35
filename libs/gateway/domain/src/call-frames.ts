import { z } from 'zod';

/**
 * Largest SDP offer or answer, in characters (docs/calls.md: ≤ 32 KB). A real one, with audio,
 * video and a data channel, is a few kB; the bound keeps a relayed frame well inside both the
 * client frame limit (WS_MAX_FRAME_BYTES) and the ephemeral delivery's `text`.
 */
export const CALL_SDP_MAX_CHARS = 32_768;
/** An ICE candidate line (`candidate:… typ host …`) is some 100–200 characters. */
export const CALL_CANDIDATE_MAX_CHARS = 1_024;

const sdpSignal = z.object({
  kind: z.enum(['offer', 'answer']),
  sdp: z.string().min(1).max(CALL_SDP_MAX_CHARS),
});

/**
 * RTCIceCandidateInit as `RTCIceCandidate.toJSON()` gives it; `candidate: null` says the
 * sender has gathered all of its candidates. The optional fields may also be left out, as
 * RTCIceCandidateInit allows: the receiver passes the object to `addIceCandidate` as it is.
 */
const iceCandidate = z.object({
  candidate: z.string().max(CALL_CANDIDATE_MAX_CHARS),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().nonnegative().max(1_000).nullable().optional(),
  // ICE ufrags are 4–256 characters (RFC 8839).
  usernameFragment: z.string().max(256).nullable().optional(),
});

const candidateSignal = z.object({
  kind: z.literal('candidate'),
  candidate: iceCandidate.nullable(),
});

/** What the sender's outgoing tracks carry now (screen sharing replaces the camera's track). */
const mediaSignal = z.object({
  kind: z.literal('media'),
  audio: z.boolean(),
  video: z.boolean(),
  screen: z.boolean(),
});

/**
 * The payload passed between two participants. Parsing strips fields the contract does not
 * name, so the relay forwards only these shapes, never whatever else a sender adds.
 */
export const callSignalSchema = z.discriminatedUnion('kind', [
  sdpSignal,
  candidateSignal,
  mediaSignal,
]);
export type CallSignal = z.infer<typeof callSignalSchema>;

/**
 * `call.signal` (docs/calls.md, _Signalling_): SDP and ICE for one peer connection of a call,
 * relayed by the gateway to `toUserId`'s devices when both are joined participants.
 */
export const callSignalFrameSchema = z.object({
  type: z.literal('call.signal'),
  id: z.string().min(1).max(64).optional(),
  callId: z.string().min(1).max(64),
  toUserId: z.string().min(1).max(200),
  signal: callSignalSchema,
});
export type CallSignalFrame = z.infer<typeof callSignalFrameSchema>;

/** The stable code of a refused signal: unknown or ended call, or not both joined members. */
export const CALL_NOT_PARTICIPANT = 'gateway.call.not_participant';
