import { computed, Injectable, signal } from '@angular/core';
import { loadClientConfig } from '../api/client-config';
import { OidcClient, refreshDelayMs, type Tokens } from './oidc-client';

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

  async signIn(returnTo = location.pathname): Promise<void> {
    const oidc = await this.client();
    location.assign(await oidc.authorizationUrl(returnTo));
  }

  /** Handles /auth/callback; returns where the user was headed. */
  async completeSignIn(callbackUrl: URL): Promise<string> {
    const { tokens, returnTo } = await (await this.client()).completeSignIn(callbackUrl);
    this.accept(tokens);
    return returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
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
