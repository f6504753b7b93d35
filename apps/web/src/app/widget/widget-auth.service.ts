import { inject, Injectable, signal, type OnDestroy } from '@angular/core';
import { ApiError } from '../api/api-client';
import { AuthService } from '../auth/auth.service';
import { readPopupTokens } from './embed-messages';
import {
  mayAskForToken,
  TOKEN_RENEWAL_MS,
  WIDGET_CALLBACK_PATH,
  WIDGET_SIGNIN_PATH,
} from './signin-flow';

/** Set while a silent sign-in is under way or has failed in this frame; cleared by a success. */
const SILENT_KEY = 'tidings.widget.silentTried';

/** Who a token acts as (`GET /api/v1/me`). */
interface Me {
  userId: string;
  username: string;
}

/**
 * The frame's three ways to sign in (docs/widget.md, Sign-in): a widget token the page
 * provides, silent single sign-on through the issuer, and the sign-in popup. The decisions
 * are in signin-flow.ts; this does them. Tokens end up in AuthService, in memory.
 */
@Injectable()
export class WidgetAuth implements OnDestroy {
  private readonly auth = inject(AuthService);
  private renewTimer: ReturnType<typeof setInterval> | undefined;
  private lastAsked: number | null = null;
  private ask: (() => void) | undefined;
  private popup: Window | null = null;
  private popupListener: ((event: MessageEvent) => void) | undefined;
  private popupWatch: ReturnType<typeof setInterval> | undefined;

  /** The popup is open and has not handed over tokens yet. */
  readonly popupOpen = signal(false);
  /** The browser refused to open the popup. */
  readonly popupBlocked = signal(false);

  // --- token mode ---

  /** Asks the page for a token now and every few minutes, before the last one expires. */
  startTokenRenewal(ask: () => void): void {
    this.ask = ask;
    this.askForToken();
    clearInterval(this.renewTimer);
    this.renewTimer = setInterval(() => this.askForToken(), TOKEN_RENEWAL_MS);
  }

  /** Something failed the way an expired token fails: ask again, unless just asked. */
  tokenMayHaveExpired(): void {
    if (this.ask && mayAskForToken(this.lastAsked, Date.now())) this.askForToken();
  }

  private askForToken(): void {
    this.lastAsked = Date.now();
    this.ask?.();
  }

  /**
   * Signs in with the page's `tdw_…` token: asks who it acts as, then uses it as the bearer
   * for REST and the socket. A token for someone else than before (the page's user changed)
   * starts the frame afresh rather than mix two people's inboxes.
   */
  async acceptWidgetToken(token: string): Promise<void> {
    const response = await fetch('/api/v1/me', {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      const code = typeof problem['code'] === 'string' ? problem['code'] : undefined;
      const title = typeof problem['title'] === 'string' ? problem['title'] : undefined;
      throw new ApiError(response.status, code, title ?? `token refused (${response.status})`);
    }
    const me = (await response.json()) as Me;
    const before = this.auth.user()?.id;
    if (before && before !== me.userId) {
      location.reload();
      return;
    }
    this.auth.acceptExternalToken(token, { id: me.userId, username: me.username });
  }

  // --- silent single sign-on ---

  silentTried(): boolean {
    return readFlag() !== null;
  }

  /** Sends the frame through the issuer with `prompt=none`; it comes back to `returnTo`. */
  async trySilent(returnTo: string): Promise<void> {
    writeFlag('1');
    await this.auth.signIn(returnTo, { prompt: 'none', redirectPath: WIDGET_CALLBACK_PATH });
  }

  /** Signed in: the next frame of this tab may try silently again (its tokens die with it). */
  static signedIn(): void {
    writeFlag(null);
  }

  // --- popup ---

  /**
   * Opens the sign-in popup — in the click's own task, or browsers block it — and takes the
   * tokens it hands over: only from that window, only from this origin.
   */
  openPopup(signedIn: () => void): void {
    this.closePopup();
    const popup = window.open(WIDGET_SIGNIN_PATH, 'tidings-signin', 'popup,width=480,height=640');
    this.popupBlocked.set(!popup);
    if (!popup) return;
    this.popup = popup;
    this.popupOpen.set(true);
    this.popupListener = (event) => {
      const tokens = readPopupTokens(event, { popup: this.popup, origin: location.origin });
      if (!tokens) return;
      this.closePopup();
      this.auth.acceptTokens(tokens);
      WidgetAuth.signedIn();
      signedIn();
    };
    window.addEventListener('message', this.popupListener);
    // Closed without signing in: the button is offered again.
    this.popupWatch = setInterval(() => {
      if (this.popup?.closed) this.closePopup();
    }, 500);
  }

  private closePopup(): void {
    if (this.popupListener) window.removeEventListener('message', this.popupListener);
    this.popupListener = undefined;
    clearInterval(this.popupWatch);
    this.popup = null;
    this.popupOpen.set(false);
  }

  ngOnDestroy(): void {
    clearInterval(this.renewTimer);
    this.ask = undefined;
    this.closePopup();
  }
}

function readFlag(): string | null {
  try {
    return sessionStorage.getItem(SILENT_KEY);
  } catch {
    return null;
  }
}

/** Storage may be refused (a partitioned or private frame): then silent is tried each time. */
function writeFlag(value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(SILENT_KEY);
    else sessionStorage.setItem(SILENT_KEY, value);
  } catch {
    // nothing to remember with; the callback's `signin=required` still stops a loop
  }
}
