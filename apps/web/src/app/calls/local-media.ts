import { signal } from '@angular/core';
import type { CallMedia, MediaState } from './call-models';

export type TrackKind = 'audio' | 'video';
export type InputKind = 'audioinput' | 'videoinput';

/** Tells the peer connections which track to send now (null: nothing for that kind). */
export type TrackSink = (kind: TrackKind, track: MediaStreamTrack | null) => void;

/**
 * This browser's side of a call: the microphone, the camera and a shared screen. Only one
 * video track goes out at a time — the screen while it is shared, else the camera — and every
 * change is handed to `sink`, which swaps it into the senders (replaceTrack: no renegotiation)
 * — after `state` says what is sent now, since the sink tells the peers so.
 * Turning the camera off stops it (its light goes out), rather than sending black frames.
 */
export class LocalMedia {
  private audio: MediaStreamTrack | null = null;
  private camera: MediaStreamTrack | null = null;
  private screen: MediaStreamTrack | null = null;
  private stopped = false;
  /** A headset plugged in or out: the device lists follow. */
  private readonly onDeviceChange = () => void this.listDevices();

  readonly state = signal<MediaState>({ audio: false, video: false, screen: false });
  /** The outgoing video for our own preview (camera or screen). */
  readonly preview = signal<MediaStream | null>(null);
  readonly devices = signal<MediaDeviceInfo[]>([]);
  readonly chosen = signal<Record<InputKind, string | null>>({
    audioinput: null,
    videoinput: null,
  });

  constructor(private readonly sink: TrackSink) {}

  /**
   * Asks for the microphone (and the camera for a video call). A video call whose camera is
   * missing or refused still goes ahead with voice; no microphone is an error.
   */
  async open(media: CallMedia): Promise<void> {
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: media === 'video' });
    } catch (error) {
      if (media !== 'video') throw error;
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    }
    if (this.stopped) return stream.getTracks().forEach((t) => t.stop());
    this.audio = stream.getAudioTracks()[0] ?? null;
    this.camera = stream.getVideoTracks()[0] ?? null;
    this.chosen.set({
      audioinput: this.audio?.getSettings().deviceId ?? null,
      videoinput: this.camera?.getSettings().deviceId ?? null,
    });
    this.changed();
    // Device names are only listed once a permission was granted: after the first capture.
    void this.listDevices();
    navigator.mediaDevices.addEventListener('devicechange', this.onDeviceChange);
  }

  get audioTrack(): MediaStreamTrack | null {
    return this.audio;
  }

  get videoTrack(): MediaStreamTrack | null {
    return this.screen ?? this.camera;
  }

  setMuted(muted: boolean): void {
    if (this.audio) this.audio.enabled = !muted;
    this.changed();
  }

  async setCamera(on: boolean): Promise<void> {
    if (!on) {
      this.camera?.stop();
      this.camera = null;
    } else if (!this.camera) {
      const id = this.chosen().videoinput;
      const stream = await navigator.mediaDevices.getUserMedia({
        video: id ? { deviceId: { exact: id } } : true,
      });
      this.camera = stream.getVideoTracks()[0] ?? null;
      if (this.stopped) return this.stop();
    }
    this.changed();
    if (!this.screen) this.sink('video', this.camera);
  }

  /** Shares a screen, window or tab in place of the camera; the browser's own "Stop sharing" ends it too. */
  async startScreen(): Promise<void> {
    if (this.screen) return;
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const track = stream.getVideoTracks()[0];
    if (!track) return;
    if (this.stopped) return track.stop();
    this.screen = track;
    track.addEventListener('ended', () => this.stopScreen());
    this.changed();
    this.sink('video', track);
  }

  stopScreen(): void {
    if (!this.screen) return;
    this.screen.stop();
    this.screen = null;
    this.changed();
    if (!this.stopped) this.sink('video', this.camera);
  }

  /** Another microphone or camera: captured first, swapped in, then the old one stopped. */
  async useDevice(kind: InputKind, deviceId: string): Promise<void> {
    const constraint = { deviceId: { exact: deviceId } };
    let swap: [TrackKind, MediaStreamTrack | null] | null = null;
    if (kind === 'audioinput') {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: constraint });
      const track = stream.getAudioTracks()[0] ?? null;
      if (track && this.audio) track.enabled = this.audio.enabled;
      this.audio?.stop();
      this.audio = track;
      swap = ['audio', track];
    } else if (this.camera) {
      const stream = await navigator.mediaDevices.getUserMedia({ video: constraint });
      const track = stream.getVideoTracks()[0] ?? null;
      this.camera.stop();
      this.camera = track;
      if (!this.screen) swap = ['video', track];
    }
    this.chosen.update((chosen) => ({ ...chosen, [kind]: deviceId }));
    if (this.stopped) return this.stop();
    this.changed();
    if (swap) this.sink(...swap);
  }

  async listDevices(): Promise<void> {
    const all = await navigator.mediaDevices.enumerateDevices().catch(() => []);
    this.devices.set(all.filter((d) => d.kind === 'audioinput' || d.kind === 'videoinput'));
  }

  /** Releases every device (the camera light and the sharing indicator go out). */
  stop(): void {
    this.stopped = true;
    navigator.mediaDevices?.removeEventListener('devicechange', this.onDeviceChange);
    for (const track of [this.audio, this.camera, this.screen]) track?.stop();
    this.audio = this.camera = this.screen = null;
    this.changed();
  }

  private changed(): void {
    this.state.set({
      audio: !!this.audio?.enabled,
      video: !!this.camera,
      screen: !!this.screen,
    });
    const video = this.videoTrack;
    this.preview.set(video ? new MediaStream([video]) : null);
  }
}
