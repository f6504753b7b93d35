import * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../api/models';

/**
 * Authorization code + PKCE (S256) with oauth4webapi — no hand-rolled crypto or JWT parsing.
 * The only thing that outlives the redirect to the issuer is the PKCE verifier and state, in
 * sessionStorage (this tab only); tokens live in memory and never touch storage.
 */
const PENDING_KEY = 'tidings.oidc.pending';

/** How a sign-in starts, beyond the full client's defaults (the widget's frame and popup). */
export interface AuthorizationOptions {
  /**
   * `none`: the issuer answers at once without showing anything — signed in, or an error such
   * as `login_required` (the widget's silent single sign-on in its frame).
   */
  prompt?: 'none';
  /** Where the issuer sends the browser back, a path on this origin; default `/auth/callback`. */
  redirectPath?: string;
}

/**
 * A sign-in that came back without tokens. `code` is the issuer's error (`login_required`,
 * `interaction_required`, `access_denied` …) when it answered with one; `returnTo` is where the
 * user was headed, when this tab had started the sign-in.
 */
export class SignInError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly returnTo: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'SignInError';
  }
}

/** What outlives the redirect to the issuer (sessionStorage, this tab only, one use). */
interface PendingSignIn {
  verifier: string;
  state: string;
  returnTo: string;
  /** The redirect URI the flow started with: the code exchange must name the same one. */
  redirectUri?: string;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string | undefined;
  idToken: string | undefined;
  /** When the access token expires (ms since epoch). */
  expiresAt: number;
  claims: { sub: string; name?: string; preferred_username?: string };
}

export class OidcClient {
  private constructor(
    private readonly server: oauth.AuthorizationServer,
    private readonly client: oauth.Client,
    private readonly origin: string,
    // Plain http is refused by oauth4webapi unless asked; only a deployment served over
    // http (development, tests on 127.0.0.1) has an http issuer.
    private readonly options: { [oauth.allowInsecureRequests]?: boolean },
  ) {}

  static async discover(config: ClientConfig, origin: string): Promise<OidcClient> {
    const issuer = new URL(config.issuer);
    const options = { [oauth.allowInsecureRequests]: issuer.protocol === 'http:' };
    const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...options });
    const server = await oauth.processDiscoveryResponse(issuer, response);
    return new OidcClient(server, { client_id: config.clientId }, origin, options);
  }

  /**
   * Where to send the browser to sign in; remembers the verifier, state and redirect URI for
   * the return.
   */
  async authorizationUrl(returnTo: string, options: AuthorizationOptions = {}): Promise<string> {
    const redirectUri = this.redirectUri(options.redirectPath);
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const pending: PendingSignIn = { verifier, state, returnTo, redirectUri };
    sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
    const url = new URL(this.server.authorization_endpoint ?? '');
    url.search = new URLSearchParams({
      client_id: this.client.client_id,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid profile offline_access',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      ...(options.prompt ? { prompt: options.prompt } : {}),
    }).toString();
    return url.href;
  }

  /** A path on this origin only: the issuer would refuse any other, and so do we, earlier. */
  private redirectUri(path = '/auth/callback'): string {
    if (!path.startsWith('/') || path.startsWith('//'))
      throw new Error(`redirect path must be a path on this origin: ${path}`);
    return `${this.origin}${path}`;
  }

  /**
   * Finishes the redirect: checks state and iss, exchanges the code with the verifier. A
   * failure is a SignInError that still says where the user was headed (the widget's frame
   * goes back there to offer its sign-in button after a silent attempt).
   */
  async completeSignIn(callbackUrl: URL): Promise<{ tokens: Tokens; returnTo: string }> {
    const raw = sessionStorage.getItem(PENDING_KEY);
    sessionStorage.removeItem(PENDING_KEY); // one use, whatever happens next
    if (!raw) throw new SignInError('no sign-in in progress in this tab', undefined, undefined);
    const pending = JSON.parse(raw) as PendingSignIn;
    try {
      const params = oauth.validateAuthResponse(
        this.server,
        this.client,
        callbackUrl,
        pending.state,
      );
      const response = await oauth.authorizationCodeGrantRequest(
        this.server,
        this.client,
        oauth.None(),
        params,
        pending.redirectUri ?? this.redirectUri(),
        pending.verifier,
        this.options,
      );
      const result = await oauth.processAuthorizationCodeResponse(
        this.server,
        this.client,
        response,
        { requireIdToken: true },
      );
      return { tokens: toTokens(result), returnTo: pending.returnTo };
    } catch (error) {
      const code = error instanceof oauth.AuthorizationResponseError ? error.error : undefined;
      const message = error instanceof Error ? error.message : String(error);
      throw new SignInError(message, code, pending.returnTo, { cause: error });
    }
  }

  /** Refresh tokens rotate on use: the answer carries the next one. */
  async refresh(tokens: Tokens): Promise<Tokens> {
    if (!tokens.refreshToken) throw new Error('no refresh token');
    const response = await oauth.refreshTokenGrantRequest(
      this.server,
      this.client,
      oauth.None(),
      tokens.refreshToken,
      this.options,
    );
    const result = await oauth.processRefreshTokenResponse(this.server, this.client, response);
    return toTokens(result, tokens);
  }

  /** RP-initiated logout: the issuer ends its session and sends the browser back home. */
  logoutUrl(tokens: Tokens | null, postLogoutRedirect: string): string | null {
    if (!this.server.end_session_endpoint) return null;
    const url = new URL(this.server.end_session_endpoint);
    url.search = new URLSearchParams({
      client_id: this.client.client_id,
      post_logout_redirect_uri: postLogoutRedirect,
      ...(tokens?.idToken ? { id_token_hint: tokens.idToken } : {}),
    }).toString();
    return url.href;
  }
}

function toTokens(result: oauth.TokenEndpointResponse, previous?: Tokens): Tokens {
  const claims = (result.id_token ? oauth.getValidatedIdTokenClaims(result) : undefined) as
    Tokens['claims'] | undefined;
  return {
    accessToken: result.access_token,
    refreshToken: result.refresh_token ?? previous?.refreshToken,
    idToken: result.id_token ?? previous?.idToken,
    expiresAt: Date.now() + (result.expires_in ?? 300) * 1000,
    claims: claims ?? previous?.claims ?? { sub: '' },
  };
}

/**
 * When to refresh: a minute before expiry (a fifth of the lifetime for short tokens), so a
 * slow network or a sleeping laptop does not leave requests with an expired token.
 */
export function refreshDelayMs(expiresAt: number, now: number): number {
  const remaining = expiresAt - now;
  const margin = Math.min(60_000, remaining / 5);
  return Math.max(0, remaining - margin);
}
