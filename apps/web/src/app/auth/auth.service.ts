import { computed, Injectable, signal } from '@angular/core';
import { loadClientConfig } from '../api/client-config';
import { OidcClient, refreshDelayMs, type AuthorizationOptions, type Tokens } from './oidc-client';

/**
 * Who is signed in, and their tokens — in memory only. A reload signs in again through the
 * issuer, whose session cookie makes that a quick redirect without the login form.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly tokens = signal<Tokens | null>(null);
  private oidc: Promise<OidcClient> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  readonly signedIn = computed(() => this.tokens() !== null);
  readonly user = computed(() => {
    const claims = this.tokens()?.claims;
    return claims
      ? {
          id: claims.sub,
          username: claims.preferred_username ?? claims.sub,
          displayName: claims.name ?? null,
        }
      : null;
  });

  /** The current access token, for a request about to be made. */
  accessToken(): string | null {
    return this.tokens()?.accessToken ?? null;
  }

  /** Sends this window to the issuer; `options` for the widget's silent and popup sign-ins. */
  async signIn(returnTo = location.pathname, options: AuthorizationOptions = {}): Promise<void> {
    const oidc = await this.client();
    location.assign(await oidc.authorizationUrl(returnTo, options));
  }

  /** Handles /auth/callback; returns where the user was headed. */
  async completeSignIn(callbackUrl: URL): Promise<string> {
    const { tokens, returnTo } = await (await this.client()).completeSignIn(callbackUrl);
    this.accept(tokens);
    return returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
  }

  /**
   * Tokens another window of this origin obtained (the widget's sign-in popup hands them to
   * its frame): from here on they are this window's, refreshed like its own.
   */
  acceptTokens(tokens: Tokens): void {
    this.accept(tokens);
  }

  /** This window's tokens, for the sign-in popup to hand to the widget's frame. */
  currentTokens(): Tokens | null {
    return this.tokens();
  }

  /**
   * A bearer token obtained without the issuer: the widget's `tdw_…` token that the host page
   * minted (docs/widget.md, Sign-in 3), with who it acts as (`GET /api/v1/me`). Its expiry is
   * the page's business — the widget asks the page for a new one — so there is no refresh.
   */
  acceptExternalToken(accessToken: string, user: { id: string; username: string }): void {
    this.accept({
      accessToken,
      refreshToken: undefined,
      idToken: undefined,
      expiresAt: Number.POSITIVE_INFINITY,
      claims: { sub: user.id, preferred_username: user.username },
    });
  }

  async signOut(): Promise<void> {
    const oidc = await this.client();
    const url = oidc.logoutUrl(this.tokens(), `${location.origin}/`);
    this.forget();
    location.assign(url ?? '/');
  }

  private accept(tokens: Tokens): void {
    this.tokens.set(tokens);
    clearTimeout(this.refreshTimer);
    if (!tokens.refreshToken) return;
    this.refreshTimer = setTimeout(
      () => void this.refresh(),
      refreshDelayMs(tokens.expiresAt, Date.now()),
    );
  }

  /** Silent refresh; if it fails (session ended, user deactivated) the user signs in again. */
  private async refresh(): Promise<void> {
    const current = this.tokens();
    if (!current) return;
    try {
      this.accept(await (await this.client()).refresh(current));
    } catch {
      this.forget();
    }
  }

  private forget(): void {
    clearTimeout(this.refreshTimer);
    this.tokens.set(null);
  }

  private client(): Promise<OidcClient> {
    this.oidc ??= loadClientConfig().then((config) => OidcClient.discover(config, location.origin));
    this.oidc.catch(() => (this.oidc = undefined)); // a failed discovery is retried next time
    return this.oidc;
  }
}
