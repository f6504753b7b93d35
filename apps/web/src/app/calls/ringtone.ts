/** Two short rising chimes, then a pause: one ring every RING_EVERY_S seconds. */
const RING_EVERY_S = 3;
const NOTES: ReadonlyArray<{ hz: number; at: number; length: number }> = [
  { hz: 659.25, at: 0, length: 0.35 }, // E5
  { hz: 880, at: 0.4, length: 0.5 }, // A5
];
const VOLUME = 0.15;

/**
 * The incoming-call ring, synthesised with WebAudio: no audio file to fetch or to allow in the
 * Content-Security-Policy. A browser that has not yet seen a click on the page may keep the
 * audio context suspended; the toast still shows, only silently.
 */
export class Ringtone {
  private context: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;

  start(): void {
    if (this.context) return;
    try {
      this.context = new AudioContext();
    } catch {
      return; // no audio output available: a silent ring
    }
    void this.context.resume().catch(() => undefined);
    this.ring();
    this.timer = setInterval(() => this.ring(), RING_EVERY_S * 1000);
  }

  stop(): void {
    clearInterval(this.timer);
    void this.context?.close().catch(() => undefined);
    this.context = null;
  }

  private ring(): void {
    const context = this.context;
    if (!context) return;
    const start = context.currentTime + 0.05;
    for (const note of NOTES) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = note.hz;
      // A soft attack and a decay, so the tone does not click.
      gain.gain.setValueAtTime(0, start + note.at);
      gain.gain.linearRampToValueAtTime(VOLUME, start + note.at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + note.at + note.length);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + note.at);
      oscillator.stop(start + note.at + note.length + 0.05);
    }
  }
}
