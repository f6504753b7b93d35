import { computed, inject, Injectable, signal } from '@angular/core';
import { ApiClient, ApiError, reasonOf } from '../api/api-client';
import type { DirectoryPerson } from '../api/models';
import { ChatStore } from '../chat/chat.store';
import { PeopleStore } from '../chat/people.store';
import type { TranslationKey } from '../i18n/translations';
import { RealtimeService } from '../realtime/realtime.service';
import type {
  CallMedia,
  CallSignal,
  CallSignalFrame,
  CallUpdatedEvent,
  CallView,
  IceConfig,
} from './call-models';
import { statusOf } from './call-state';
import { CallWatch, type CallHandler } from './call-watch';
import { LocalMedia, type InputKind, type TrackKind } from './local-media';
import { isPolite, peersToClose, peersToOffer } from './mesh-rules';
import { PeerLink } from './peer-link';
import { SignalPacer } from './signal-pacer';

/** A line the call screen shows about what went wrong (or right elsewhere). */
export interface CallNotice {
  key: TranslationKey;
  params?: Record<string, string>;
}

const NOTICE_MS = 6_000;
/** Without an answer from the server: a direct path only (works on one network). */
const NO_ICE: IceConfig = { iceServers: [], iceTransportPolicy: 'all', ttlSeconds: 60 };

/**
 * This tab's call, one at a time: the commands (REST), the state (the watch's book, fed by
 * `messaging.call.updated`), this browser's media (LocalMedia) and one PeerLink per other
 * joined participant, whose SDP and ICE travel as `call.signal` frames on the chat's socket.
 * A ring that arrives while this tab is in a call is answered `busy`.
 */
@Injectable({ providedIn: 'root' })
export class CallSession implements CallHandler {
  private readonly api = inject(ApiClient);
  private readonly chat = inject(ChatStore);
  private readonly realtime = inject(RealtimeService);
  private readonly watch = inject(CallWatch);
  private readonly people = inject(PeopleStore);
  private ice: { config: IceConfig; until: number } | null = null;
  private readonly busySent = new Set<string>();
  private readonly rangHere = new Set<string>();
  /** The call being accepted while media opens and the server answers (its ring is no busy). */
  private entering: string | null = null;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  /** The call this tab is in; set once the server accepted our start or accept. */
  readonly callId = signal<string | null>(null);
  /** A start or accept is under way (media being opened, the server asked). */
  readonly joining = signal(false);
  readonly call = computed(() => {
    const id = this.callId();
    return id ? (this.watch.book().get(id) ?? null) : null;
  });
  readonly local = signal<LocalMedia | null>(null);
  readonly peers = signal<readonly PeerLink[]>([]);
  private readonly pacer = new SignalPacer();
  private readonly declined = signal<ReadonlySet<string>>(new Set());
  /** The ring to show: none while this tab is in a call (that ring is answered busy). */
  readonly incoming = computed(() => {
    if (this.callId() || this.joining()) return null;
    return this.watch.ringing().find((c) => !this.declined().has(c.id)) ?? null;
  });
  readonly notice = signal<CallNotice | null>(null);

  constructor() {
    this.watch.attach(this);
  }

  get myId(): string {
    return this.chat.myId() ?? '';
  }

  // ---- CallHandler: what the watch hands over --------------------------------------------

  start(conversationId: string, media: CallMedia): void {
    void this.enter(media, async () => {
      try {
        return await this.api.post<CallView>(`/conversations/${conversationId}/calls`, { media });
      } catch (error) {
        // A call is already going on there: joining it is what the button meant.
        const callId = existingCallId(error);
        if (!callId) throw error;
        this.entering = callId;
        return this.api.post<CallView>(`/calls/${callId}/accept`);
      }
    });
  }

  join(callId: string): void {
    if (this.callId() || this.joining()) return;
    const call = this.watch.book().get(callId);
    this.entering = callId;
    void this.enter(call?.media ?? 'audio', () =>
      this.api.post<CallView>(`/calls/${callId}/accept`),
    );
  }

  callUpdated(event: CallUpdatedEvent): void {
    const call = event.call;
    const mine = statusOf(call, this.myId);
    if (call.id === this.callId()) {
      if (call.state === 'ended' || mine === 'left') return this.teardown();
      for (const peerId of peersToClose(event, this.peerIds())) this.closePeer(peerId);
      return;
    }
    if (mine === 'ringing' && call.state !== 'ended') {
      this.rangHere.add(call.id);
      void this.learnName(call.startedBy);
      const inAnother = this.callId() || (this.joining() && this.entering !== call.id);
      if (inAnother && !this.busySent.has(call.id)) {
        this.busySent.add(call.id);
        void this.api.post(`/calls/${call.id}/busy`).catch(() => undefined);
      }
    } else if (
      event.change === 'accepted' &&
      event.userId === this.myId &&
      this.entering !== call.id && // our own accept's event, ahead of its answer
      this.rangHere.delete(call.id)
    ) {
      this.show({ key: 'call.answeredElsewhere' });
    }
  }

  signal(frame: CallSignalFrame): void {
    // A device that is not in the call ignores it (my other devices get it too).
    if (frame.callId !== this.callId() || !this.local()) return;
    const link = this.peer(frame.fromUserId) ?? this.connect(frame.fromUserId);
    link.handle(frame.signal).catch((error: unknown) => {
      this.show({ key: 'call.failed', params: { reason: reasonOf(error) } });
    });
  }

  // ---- what the call screen asks ------------------------------------------------------------

  accept(call: CallView): void {
    this.join(call.id);
  }

  decline(call: CallView): void {
    this.declined.update((ids) => new Set(ids).add(call.id));
    void this.api.post(`/calls/${call.id}/decline`).catch(() => undefined);
  }

  /** Leaves the call: cancels it while it still rings and I started it, else hangs up. */
  hangUp(): void {
    const call = this.call();
    this.teardown();
    if (!call) return;
    const cancel = call.state === 'ringing' && call.startedBy === this.myId;
    void this.api
      .post(`/calls/${call.id}/${cancel ? 'cancel' : 'hangup'}`)
      .catch(() => (cancel ? this.api.post(`/calls/${call.id}/hangup`) : undefined))
      .catch(() => undefined);
  }

  setMuted(muted: boolean): void {
    this.local()?.setMuted(muted);
    this.announce();
  }

  async setCamera(on: boolean): Promise<void> {
    await this.attempt(() => this.local()?.setCamera(on));
  }

  async shareScreen(on: boolean): Promise<void> {
    await this.attempt(async () => {
      if (on) await this.local()?.startScreen();
      else this.local()?.stopScreen();
    });
  }

  async useDevice(kind: InputKind, deviceId: string): Promise<void> {
    await this.attempt(() => this.local()?.useDevice(kind, deviceId));
  }

  // ---- inside ----------------------------------------------------------------------------

  /**
   * Opens this browser's media first (no one is rung or joined with a refused microphone), then
   * asks the server; once in, offers to everyone already joined (the mesh rule).
   */
  private async enter(media: CallMedia, command: () => Promise<CallView>): Promise<void> {
    if (this.callId() || this.joining()) return;
    this.joining.set(true);
    const local = new LocalMedia((kind, track) => this.sendTrack(kind, track));
    try {
      try {
        await Promise.all([local.open(media), this.iceConfig()]);
      } catch (error) {
        this.show({ key: 'call.mediaFailed', params: { reason: reasonOf(error) } });
        local.stop();
        return;
      }
      let view: CallView;
      try {
        view = await command();
      } catch (error) {
        this.show({ key: 'call.failed', params: { reason: reasonOf(error) } });
        local.stop();
        return;
      }
      this.watch.learn(view);
      this.local.set(local);
      this.callId.set(view.id);
      this.watch.activeCallId.set(view.id);
      for (const peerId of peersToOffer(view, this.myId)) this.connect(peerId).startOffer();
    } finally {
      this.joining.set(false);
      this.entering = null;
    }
  }

  private connect(peerId: string): PeerLink {
    const callId = this.callId();
    const link = new PeerLink({
      peerId,
      polite: isPolite(this.myId, peerId),
      ice: this.ice?.config ?? NO_ICE,
      tracks: () => ({
        audio: this.local()?.audioTrack ?? null,
        video: this.local()?.videoTrack ?? null,
      }),
      send: (signal) => this.send(callId, peerId, signal),
      // Tells the newly connected peer what we send (muted, camera, screen).
      connected: () => this.send(callId, peerId, { kind: 'media', ...this.mediaState() }),
      failed: () => {
        if (this.callId() !== callId) return;
        this.show({ key: 'call.connectionLost' });
        this.hangUp();
      },
    });
    this.peers.update((peers) => [...peers, link]);
    return link;
  }

  private send(callId: string | null, toUserId: string, signal: CallSignal): void {
    if (!callId || callId !== this.callId()) return;
    // Paced: a mesh's offers and candidates at once could pass the socket's rate limit.
    this.pacer.push(() => {
      if (callId !== this.callId()) return;
      this.realtime.send({
        type: 'call.signal',
        id: crypto.randomUUID(),
        callId,
        toUserId,
        signal,
      });
    });
  }

  private sendTrack(kind: TrackKind, track: MediaStreamTrack | null): void {
    for (const link of this.peers()) void link.replaceTrack(kind, track);
    this.announce();
  }

  /** Every peer hears what we send now (a `media` signal). */
  private announce(): void {
    const state = this.mediaState();
    for (const link of this.peers())
      this.send(this.callId(), link.peerId, { kind: 'media', ...state });
  }

  private mediaState() {
    return this.local()?.state() ?? { audio: false, video: false, screen: false };
  }

  private peer(peerId: string): PeerLink | undefined {
    return this.peers().find((p) => p.peerId === peerId);
  }

  private peerIds(): string[] {
    return this.peers().map((p) => p.peerId);
  }

  private closePeer(peerId: string): void {
    this.peer(peerId)?.close();
    this.peers.update((peers) => peers.filter((p) => p.peerId !== peerId));
  }

  /** Everything of the call goes: connections, devices, the call itself. */
  private teardown(): void {
    this.pacer.clear();
    for (const link of this.peers()) link.close();
    this.peers.set([]);
    this.local()?.stop();
    this.local.set(null);
    this.callId.set(null);
    this.watch.activeCallId.set(null);
  }

  /** The caller's name for the ring, when no conversation loaded so far named them. */
  private async learnName(userId: string): Promise<void> {
    if (this.people.nameOf(userId)) return;
    const person = await this.api
      .get<DirectoryPerson>(`/directory/users/${userId}`)
      .catch(() => undefined);
    if (person) this.people.learn([[userId, person.displayName ?? person.username]]);
  }

  /** ICE servers and policy, with the TURN credential reused until half its life is gone. */
  private async iceConfig(): Promise<IceConfig> {
    if (this.ice && this.ice.until > Date.now()) return this.ice.config;
    const config = await this.api.get<IceConfig>('/calls/ice-servers').catch(() => NO_ICE);
    this.ice = { config, until: Date.now() + (config.ttlSeconds * 1000) / 2 };
    return config;
  }

  private async attempt(action: () => Promise<void> | undefined): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.show({ key: 'call.mediaFailed', params: { reason: reasonOf(error) } });
    }
  }

  private show(notice: CallNotice): void {
    clearTimeout(this.noticeTimer);
    this.notice.set(notice);
    this.noticeTimer = setTimeout(() => this.notice.set(null), NOTICE_MS);
  }

  /** The call screen is going away (signed out, left the chat): so is the call. */
  leave(): void {
    if (this.callId()) this.hangUp();
  }
}

/** `messaging.call.already_active` names the call going on (as `callId` of the problem). */
function existingCallId(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'messaging.call.already_active') return null;
  const problem = error.problem as { callId?: unknown; detail?: { callId?: unknown } };
  const id = problem.callId ?? problem.detail?.callId;
  return typeof id === 'string' ? id : null;
}
