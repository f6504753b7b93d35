import { effect, inject, Injectable, signal, untracked } from '@angular/core';
import { ApiClient, ApiError } from '../api/api-client';
import type { Conversation } from '../api/models';
import { AuthService } from '../auth/auth.service';
import { ChatStore } from '../chat/chat.store';
import { I18n } from '../i18n/i18n.service';
import { EmbedChannel } from './embed-channel.service';
import {
  embedderOrigin,
  type FrameMessage,
  type PageMessage,
  type WidgetConfig,
} from './embed-messages';
import { firstSignInStep } from './signin-flow';
import { WidgetAuth } from './widget-auth.service';
import { UnreadReporter } from './widget-rules';

/** `POST /api/v1/widget/contexts`: the business object's conversation, found or created. */
export interface ContextAnswer {
  conversationId: string;
  created: boolean;
  title: string;
  context: NonNullable<Conversation['context']>;
}

export type WidgetPhase =
  /** The URL named no usable origin: nobody to talk to. */
  | 'invalid'
  /** Waiting for the page's configuration, or for a token, or back from the issuer. */
  | 'starting'
  /** Silent sign-in did not work: the "Sign in" button (popup). */
  | 'signin-required'
  /** Signed in; the context conversation is being found or created. */
  | 'opening'
  | 'ready';

/**
 * One frame's life (docs/widget.md): `ready` to the page, its configuration, sign-in by one
 * of the three ways, the context conversation, then the inbox or that conversation — with the
 * unread total told to the page, and conversations opened (so marked read) only while the
 * panel is visible. The chat itself is the full client's ChatStore, socket and all.
 */
@Injectable()
export class WidgetSession {
  private readonly channel = inject(EmbedChannel);
  private readonly widgetAuth = inject(WidgetAuth);
  private readonly auth = inject(AuthService);
  private readonly api = inject(ApiClient);
  private readonly store = inject(ChatStore);
  private readonly i18n = inject(I18n);
  private readonly unread = new UnreadReporter();
  private origin = '';
  private signinRequired = false;
  private wasConnected = false;
  /** Sign-in completed once in this frame: the chat is (being) started. */
  private began = false;

  readonly phase = signal<WidgetPhase>('starting');
  readonly config = signal<WidgetConfig | null>(null);
  /** The page's panel is open. Until the page says so, it is not: nothing is marked read. */
  readonly visible = signal(false);
  /** The conversation chosen (or the context's): open while visible, remembered while hidden. */
  readonly chosenId = signal<string | null>(null);
  readonly context = signal<ContextAnswer | null>(null);
  /** Why the context conversation could not be opened (the problem's title). */
  readonly problem = signal<string | null>(null);
  /** The chat runs for the signed-in person and the page knows who: unread totals follow. */
  readonly chatStarted = signal(false);

  constructor() {
    // A hidden panel has no open conversation, so nothing is marked read behind the page's back.
    effect(() => {
      const id = this.phase() === 'ready' && this.visible() ? this.chosenId() : null;
      untracked(() => void this.store.select(id));
    });
    effect(() => {
      const conversations = this.store.conversations();
      if (!this.chatStarted()) return;
      const count = this.unread.next(conversations);
      if (count !== null) untracked(() => this.post({ type: 'unread', count }));
    });
    // Token mode: a dropped socket or a failed request may be an expired token; the socket
    // retries with whatever token is current, so a fresh one is asked for at once.
    effect(() => {
      const connected = this.store.connected();
      const failed = this.store.error() !== null;
      if ((this.wasConnected && !connected) || failed)
        untracked(() => this.widgetAuth.tokenMayHaveExpired());
      this.wasConnected = connected;
    });
    // Signed out under way (the issuer session ended, the refresh failed): offer sign-in again.
    effect(() => {
      if (this.auth.signedIn() || !this.began) return;
      untracked(() => {
        this.store.stop();
        this.chatStarted.set(false);
        this.began = false;
        this.requireSignIn();
      });
    });
  }

  /** From the frame's URL: `origin` (the page to talk to), `lang`, `signin=required`. */
  start(params: { origin?: string; lang?: string; signin?: string }): void {
    const origin = embedderOrigin(params.origin);
    if (!origin) return this.phase.set('invalid');
    this.origin = origin;
    this.signinRequired = params.signin === 'required';
    if (params.lang === 'zh-CN' || params.lang === 'en')
      this.i18n.use(params.lang, { persist: false });
    this.channel.open(origin, (message) => this.onPageMessage(message));
    this.post({ type: 'ready' });
  }

  stop(): void {
    this.channel.close();
    if (this.began) this.store.stop();
    this.began = false;
    this.chatStarted.set(false);
  }

  /** The "Sign in" button: the popup, opened in the click's task. */
  signInWithPopup(): void {
    this.widgetAuth.openPopup(() => void this.signedIn());
  }

  choose(id: string | null): void {
    this.chosenId.set(id);
    if (!id) void this.store.openThread(null);
  }

  close(): void {
    this.post({ type: 'close' });
  }

  private onPageMessage(message: PageMessage): void {
    switch (message.type) {
      case 'visible':
        return this.visible.set(message.visible);
      case 'token':
        return void this.acceptToken(message.token);
      case 'config':
        return this.configure(message.config);
    }
  }

  private configure(config: WidgetConfig): void {
    if (config.lang) this.i18n.use(config.lang, { persist: false });
    const previous = this.config();
    if (previous) return this.reconfigure(previous, config);
    this.config.set(config);
    const step = firstSignInStep({
      tokenMode: config.tokenMode,
      signedIn: this.auth.signedIn(),
      signinRequired: this.signinRequired,
      silentTried: this.widgetAuth.silentTried(),
    });
    switch (step) {
      case 'ask-token':
        return this.widgetAuth.startTokenRenewal(() => this.post({ type: 'need-token' }));
      case 'signed-in':
        return void this.signedIn();
      case 'silent':
        // The frame leaves for the issuer and comes back to this very URL (or with signin=required).
        return void this.widgetAuth
          .trySilent(location.pathname + location.search)
          .catch(() => this.requireSignIn());
      case 'button':
        return this.requireSignIn();
    }
  }

  /**
   * A configuration after the first: a single-page host that moved to another business object
   * changes `context` without reloading, so the frame follows — to that object's conversation,
   * or back to the inbox. The sign-in mode stays what the first configuration chose.
   */
  private reconfigure(previous: WidgetConfig, next: WidgetConfig): void {
    this.config.set({ ...next, tokenMode: previous.tokenMode });
    if (next.context === previous.context || !this.began) return;
    this.context.set(null);
    this.problem.set(null);
    if (!next.context) return this.chosenId.set(null);
    this.phase.set('opening');
    void this.openContext(next.context, next);
  }

  private async acceptToken(token: string): Promise<void> {
    if (!this.config()?.tokenMode) return; // not asked for: not taken
    try {
      await this.widgetAuth.acceptWidgetToken(token);
      await this.signedIn(); // the first token signs in; later ones only replace it
    } catch (error) {
      this.post({ type: 'state', signedIn: false });
      this.post({ type: 'error', code: codeOf(error, 'auth.invalid_token') });
    }
  }

  /** Signed in by any of the three ways: the chat starts, the page hears who it is. */
  private async signedIn(): Promise<void> {
    if (this.began) return; // a second token while the first sign-in is still under way
    this.began = true;
    WidgetAuth.signedIn();
    const config = this.config();
    this.phase.set(config?.context ? 'opening' : 'ready');
    this.store.start();
    const me = await this.api.get<{ userId: string }>('/me').catch(() => null);
    const userId = me?.userId ?? this.auth.user()?.id;
    this.post({ type: 'state', signedIn: true, ...(userId ? { userId } : {}) });
    // Who it is first, then the unread total.
    this.chatStarted.set(true);
    if (config?.context) await this.openContext(config.context, config);
  }

  /** Finds or creates the business object's conversation, and opens it. */
  private async openContext(key: string, config: WidgetConfig): Promise<void> {
    try {
      const answer = await this.api.post<ContextAnswer>('/widget/contexts', {
        origin: this.origin,
        context: key,
        ...(config.title ? { title: config.title } : {}),
        ...(config.members.length ? { members: config.members } : {}),
        ...(config.link ? { link: config.link } : {}),
      });
      this.context.set(answer);
      this.chosenId.set(answer.conversationId);
      this.post({
        type: 'context',
        conversationId: answer.conversationId,
        created: answer.created,
      });
    } catch (error) {
      const title = error instanceof ApiError ? error.problem['title'] : undefined;
      this.problem.set(typeof title === 'string' ? title : String((error as Error).message));
      this.post({ type: 'error', code: codeOf(error, 'widget.context_failed') });
    } finally {
      this.phase.set('ready');
    }
  }

  private requireSignIn(): void {
    this.phase.set('signin-required');
    this.post({ type: 'state', signedIn: false });
    this.post({ type: 'signin-required' });
  }

  private post(message: FrameMessage): void {
    this.channel.post(message);
  }
}

function codeOf(error: unknown, fallback: string): string {
  return error instanceof ApiError && error.code ? error.code : fallback;
}
