import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OidcClient, refreshDelayMs, SignInError } from './oidc-client';

describe('refreshDelayMs', () => {
  it('refreshes a minute before a long-lived token expires', () => {
    expect(refreshDelayMs(600_000, 0)).toBe(540_000);
  });

  it('keeps a fifth of the lifetime as margin for short tokens', () => {
    expect(refreshDelayMs(100_000, 0)).toBe(80_000);
  });

  it('refreshes at once when the token is already expired', () => {
    expect(refreshDelayMs(1_000, 5_000)).toBe(0);
  });
});

/** An issuer that exists only in this test: discovery and a token endpoint that refuses. */
const ISSUER = 'https://issuer.test';
const APP = 'https://app.test';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

describe('OidcClient sign-in options', () => {
  /** The token requests the client made, as form bodies. */
  let tokenRequests: URLSearchParams[];

  beforeEach(() => {
    tokenRequests = [];
    vi.stubGlobal('sessionStorage', memoryStorage());
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname === '/.well-known/openid-configuration')
        return Response.json({
          issuer: ISSUER,
          authorization_endpoint: `${ISSUER}/auth`,
          token_endpoint: `${ISSUER}/token`,
        });
      if (url.pathname === '/token') {
        tokenRequests.push(new URLSearchParams(String(init?.body)));
        return Response.json({ error: 'invalid_grant' }, { status: 400 });
      }
      return new Response('not found', { status: 404 });
    });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const client = () =>
    OidcClient.discover({ issuer: ISSUER, clientId: 'tidings-web', audience: 'tidings' }, APP);

  /** The callback URL the issuer would send the browser to, for the pending state. */
  function callback(path: string, params: Record<string, string>): URL {
    const pending = JSON.parse(sessionStorage.getItem('tidings.oidc.pending') ?? '{}') as {
      state: string;
    };
    const url = new URL(path, APP);
    url.search = new URLSearchParams({ ...params, state: pending.state }).toString();
    return url;
  }

  it('keeps the full client’s redirect and asks without a prompt by default', async () => {
    const oidc = await client();
    const url = new URL(await oidc.authorizationUrl('/c/1'));
    expect(url.origin + url.pathname).toBe(`${ISSUER}/auth`);
    expect(url.searchParams.get('redirect_uri')).toBe(`${APP}/auth/callback`);
    expect(url.searchParams.has('prompt')).toBe(false);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');

    await expect(oidc.completeSignIn(callback('/auth/callback', { code: 'c1' }))).rejects.toThrow();
    expect(tokenRequests.map((body) => body.get('redirect_uri'))).toEqual([`${APP}/auth/callback`]);
  });

  it('asks silently and exchanges the code with the redirect URI the flow started with', async () => {
    const oidc = await client();
    const url = new URL(
      await oidc.authorizationUrl('/widget?origin=x', {
        prompt: 'none',
        redirectPath: '/widget/callback',
      }),
    );
    expect(url.searchParams.get('prompt')).toBe('none');
    expect(url.searchParams.get('redirect_uri')).toBe(`${APP}/widget/callback`);

    const failure = await oidc
      .completeSignIn(callback('/widget/callback', { code: 'c2' }))
      .catch((error: unknown) => error);
    // The exchange named the widget's callback — an issuer refuses a mismatch.
    expect(tokenRequests.map((body) => body.get('redirect_uri'))).toEqual([
      `${APP}/widget/callback`,
    ]);
    expect(tokenRequests[0]?.get('code')).toBe('c2');
    expect(failure).toBeInstanceOf(SignInError);
    expect((failure as SignInError).returnTo).toBe('/widget?origin=x');
  });

  it('reports the issuer’s error code and where the user was headed', async () => {
    const oidc = await client();
    await oidc.authorizationUrl('/widget?origin=x', {
      prompt: 'none',
      redirectPath: '/widget/callback',
    });
    const failure = await oidc
      .completeSignIn(callback('/widget/callback', { error: 'login_required' }))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SignInError);
    expect((failure as SignInError).code).toBe('login_required');
    expect((failure as SignInError).returnTo).toBe('/widget?origin=x');
    expect(tokenRequests).toEqual([]);
    // One use: the same answer again finds no sign-in in progress.
    const again = await oidc
      .completeSignIn(new URL(`${APP}/widget/callback?error=login_required&state=x`))
      .catch((error: unknown) => error);
    expect((again as SignInError).returnTo).toBeUndefined();
  });

  it('refuses a redirect path off this origin', async () => {
    const oidc = await client();
    await expect(
      oidc.authorizationUrl('/', { redirectPath: '//evil.example/callback' }),
    ).rejects.toThrow(/path on this origin/);
    await expect(
      oidc.authorizationUrl('/', { redirectPath: 'https://evil.example/' }),
    ).rejects.toThrow(/path on this origin/);
  });
});
