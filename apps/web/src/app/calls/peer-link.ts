import { signal } from '@angular/core';
import type { CallSignal, IceConfig, MediaState } from './call-models';
import { summarizeStats, type PeerHealth, type StatEntry } from './call-stats';
import type { TrackKind } from './local-media';

/** A connection down (failed or disconnected) this long ends the call. */
export const FAILED_HANG_UP_MS = 10_000;
/** A connection that never comes up ends the call after this long. */
const NEVER_CONNECTED_MS = 30_000;
const STATS_EVERY_MS = 1_000;

export interface PeerLinkOptions {
  peerId: string;
  polite: boolean;
  ice: IceConfig;
  /** The tracks to send now: read when the connection is set up or answers an offer. */
  tracks: () => Record<TrackKind, MediaStreamTrack | null>;
  send: (signal: CallSignal) => void;
  connected: () => void;
  failed: () => void;
}

/**
 * One RTCPeerConnection to one other participant, negotiated the "perfect negotiation" way
 * (the polite side yields when both offer at once) over `call.signal` frames. It always
 * carries one audio and one video transceiver — even in an audio call — so turning the camera
 * on or sharing a screen later is a replaceTrack, never a renegotiation.
 */
export class PeerLink {
  private readonly pc: RTCPeerConnection;
  private makingOffer = false;
  private ignoreOffer = false;
  /** Candidates that came before the description they belong to. */
  private early: RTCIceCandidateInit[] = [];
  private downTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly setupTimer: ReturnType<typeof setTimeout>;
  private readonly statsTimer: ReturnType<typeof setInterval>;

  readonly peerId: string;
  readonly state = signal<RTCPeerConnectionState>('new');
  readonly remote = signal<MediaStream | null>(null);
  readonly health = signal<PeerHealth>({ inboundBytes: 0, candidateType: null, roundTripMs: null });
  /** What the other side said about its media (their `media` signal). */
  readonly media = signal<MediaState>({ audio: true, video: false, screen: false });

  constructor(private readonly options: PeerLinkOptions) {
    this.peerId = options.peerId;
    this.pc = new RTCPeerConnection({
      iceServers: options.ice.iceServers,
      iceTransportPolicy: options.ice.iceTransportPolicy,
    });
    this.pc.onicecandidate = ({ candidate }) =>
      options.send({
        kind: 'candidate',
        candidate: candidate
          ? {
              candidate: candidate.candidate,
              sdpMid: candidate.sdpMid,
              sdpMLineIndex: candidate.sdpMLineIndex,
              usernameFragment: candidate.usernameFragment,
            }
          : null,
      });
    this.pc.ontrack = ({ track }) => {
      // One stream per peer, whatever the other side put its tracks in.
      const others =
        this.remote()
          ?.getTracks()
          .filter((t) => t.kind !== track.kind) ?? [];
      this.remote.set(new MediaStream([...others, track]));
    };
    this.pc.onnegotiationneeded = () => void this.sendOffer();
    this.pc.onconnectionstatechange = () => this.onStateChange();
    this.setupTimer = setTimeout(() => {
      if (this.pc.connectionState !== 'connected') options.failed();
    }, NEVER_CONNECTED_MS);
    this.statsTimer = setInterval(() => void this.readStats(), STATS_EVERY_MS);
  }

  /** The joiner's side: adding the two transceivers starts the negotiation (an offer). */
  startOffer(): void {
    const tracks = this.options.tracks();
    this.pc.addTransceiver(tracks.audio ?? 'audio', { direction: 'sendrecv' });
    this.pc.addTransceiver(tracks.video ?? 'video', { direction: 'sendrecv' });
  }

  async handle(signal: CallSignal): Promise<void> {
    if (signal.kind === 'media') {
      this.media.set({ audio: signal.audio, video: signal.video, screen: signal.screen });
    } else if (signal.kind === 'candidate') {
      if (!signal.candidate) return; // end of candidates: nothing to do
      if (!this.pc.remoteDescription) this.early.push(signal.candidate);
      else await this.addCandidate(signal.candidate);
    } else {
      await this.describe(signal.kind, signal.sdp);
    }
  }

  /** The track to send for a kind changed (camera on/off, screen share, another device). */
  async replaceTrack(kind: TrackKind, track: MediaStreamTrack | null): Promise<void> {
    for (const transceiver of this.transceivers(kind)) await transceiver.sender.replaceTrack(track);
  }

  close(): void {
    clearTimeout(this.downTimer);
    clearTimeout(this.setupTimer);
    clearInterval(this.statsTimer);
    this.pc.close();
    this.state.set('closed');
  }

  private async sendOffer(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      const sdp = this.pc.localDescription?.sdp;
      if (sdp) this.options.send({ kind: 'offer', sdp });
    } catch {
      // Closed meanwhile, or a glare the other side resolves: nothing to send.
    } finally {
      this.makingOffer = false;
    }
  }

  private async describe(type: 'offer' | 'answer', sdp: string): Promise<void> {
    const collision = type === 'offer' && (this.makingOffer || this.pc.signalingState !== 'stable');
    this.ignoreOffer = !this.options.polite && collision;
    if (this.ignoreOffer) return;
    await this.pc.setRemoteDescription({ type, sdp }); // the polite side rolls back its own offer
    for (const candidate of this.early.splice(0)) await this.addCandidate(candidate);
    if (type !== 'offer') return;
    this.attachTracks();
    await this.pc.setLocalDescription();
    const answer = this.pc.localDescription?.sdp;
    if (answer) this.options.send({ kind: 'answer', sdp: answer });
  }

  /**
   * The answering side's transceivers came with the offer (receive-only): our tracks go in
   * and they turn send-receive before the answer, so nothing needs negotiating again.
   */
  private attachTracks(): void {
    const tracks = this.options.tracks();
    for (const kind of ['audio', 'video'] as const) {
      for (const transceiver of this.transceivers(kind)) {
        if (transceiver.direction === 'recvonly') transceiver.direction = 'sendrecv';
        if (!transceiver.sender.track && tracks[kind])
          void transceiver.sender.replaceTrack(tracks[kind]);
      }
    }
  }

  private transceivers(kind: TrackKind): RTCRtpTransceiver[] {
    return this.pc
      .getTransceivers()
      .filter((t) => t.receiver.track.kind === kind && t.currentDirection !== 'stopped');
  }

  private async addCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      // A candidate of an offer we ignored (glare) is expected to fail.
      if (!this.ignoreOffer) throw error;
    }
  }

  private onStateChange(): void {
    const state = this.pc.connectionState;
    this.state.set(state);
    if (state === 'connected') {
      clearTimeout(this.setupTimer);
      clearTimeout(this.downTimer);
      this.downTimer = undefined;
      this.options.connected();
    } else if (state === 'failed' || state === 'disconnected') {
      if (state === 'failed') this.pc.restartIce(); // a new path may still be found
      this.downTimer ??= setTimeout(() => this.options.failed(), FAILED_HANG_UP_MS);
    }
  }

  private async readStats(): Promise<void> {
    if (this.pc.connectionState === 'closed') return;
    const report = await this.pc.getStats().catch(() => null);
    if (report) this.health.set(summarizeStats(report.values() as Iterable<StatEntry>));
  }
}
