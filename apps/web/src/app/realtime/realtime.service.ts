import { inject, Injectable, signal } from '@angular/core';
import type { ServerFrame } from '../api/models';
import { AuthService } from '../auth/auth.service';
import { needsNewToken, reconnectDelayMs, socketProtocols, socketUrl } from './socket-rules';

export type FrameListener = (frame: ServerFrame) => void;

/**
 * One WebSocket to /ws for the signed-in user. Remembers the highest event `seq` it has
 * handled and resumes from it after a reconnect, so nothing is missed or shown twice; when
 * the server cannot replay (`resync`), listeners reload their state over REST.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeService {
  private readonly auth = inject(AuthService);
  private socket: WebSocket | undefined;
  private lastSeq: number | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<FrameListener>();
  private stopped = true;

  readonly connected = signal(false);
  /**
   * `ready`'s `userId`: the id events name the signed-in person by (senders, mentions,
   * members, receipts) — their directory id, even when their token's subject is another one.
   */
  readonly userId = signal<string | null>(null);

  onFrame(listener: FrameListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Sends a client frame (typing, presence.subscribe) if the socket is signed in; a frame
   * sent while offline is dropped — both kinds are ephemeral and resent by their owners.
   */
  send(frame: { type: string } & Record<string, unknown>): boolean {
    if (!this.connected() || this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.socket?.close(1000);
    this.socket = undefined;
    this.connected.set(false);
  }

  private connect(): void {
    const token = this.auth.accessToken();
    if (this.stopped || !token) return;
    const socket = new WebSocket(socketUrl(location.href, this.lastSeq), socketProtocols(token));
    this.socket = socket;
    socket.onmessage = (message) => this.handle(JSON.parse(String(message.data)) as ServerFrame);
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.connected.set(false);
      this.socket = undefined;
      if (this.stopped) return;
      // A refused token: the next attempt picks up the refreshed one (AuthService renews it).
      const delay = needsNewToken(event.code) ? 5_000 : reconnectDelayMs(this.attempt++);
      this.retryTimer = setTimeout(() => this.connect(), delay);
    };
  }

  private handle(frame: ServerFrame): void {
    if (frame.type === 'ready') {
      this.attempt = 0;
      this.connected.set(true);
      this.userId.set((frame.data as { userId?: string }).userId ?? null);
    }
    if (frame.type === 'resync') {
      const data = frame.data as { seq: number };
      this.lastSeq = data.seq;
    } else if (typeof frame.seq === 'number') {
      // Stored events carry the user's stream seq; a replayed one at or below what we have
      // already handled is not handled twice.
      if (frame.type !== 'ready' && this.lastSeq !== null && frame.seq <= this.lastSeq) return;
      this.lastSeq = frame.seq;
    }
    for (const listener of this.listeners) listener(frame);
  }
}
