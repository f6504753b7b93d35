import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { Page } from 'playwright-core';

export const WEB_CLIENT_ID = 'tidings-web';

/**
 * What the web client does against the built-in issuer, done by hand in a test: discovery,
 * PKCE authorization requests, token requests, and verifying access tokens with the JWKS.
 */
export class OidcTestClient {
  readonly issuer: string;
  readonly redirectUri: string;
  private jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(readonly baseUrl: string) {
    this.issuer = `${baseUrl}/oidc`;
    this.redirectUri = `${baseUrl}/auth/callback`;
  }

  async discovery(): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.issuer}/.well-known/openid-configuration`);
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  }

  /** An authorization code + PKCE (S256) request; the verifier and state stay with the client. */
  authorizationRequest(extra: Record<string, string> = {}) {
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(12).toString('base64url');
    const url = new URL(`${this.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: WEB_CLIENT_ID,
      response_type: 'code',
      redirect_uri: this.redirectUri,
      scope: 'openid profile offline_access',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state,
      ...extra,
    }).toString();
    return { url: url.href, verifier, state };
  }

  async token(params: Record<string, string>) {
    const response = await fetch(`${this.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: WEB_CLIENT_ID, ...params }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  }

  /** Verifies a JWT with the keys published at the discovered `jwks_uri`. */
  async verify(token: string, audience = 'tidings-api', typ?: string) {
    this.jwks ??= createRemoteJWKSet(new URL(String((await this.discovery())['jwks_uri'])));
    return jwtVerify(token, this.jwks, { issuer: this.issuer, audience, ...(typ ? { typ } : {}) });
  }

  async verifyAccessToken(token: string): Promise<JWTPayload & { kid: string | undefined }> {
    const { payload, protectedHeader } = await this.verify(token, 'tidings-api', 'at+jwt');
    return { ...payload, kid: protectedHeader.kid };
  }
}

/** Fills and submits the issuer's login form in the browser. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

/** Events the identity service wrote to its outbox (read straight from the SQLite file). */
export function identityOutbox(databaseFile: string, typePrefix: string) {
  const db = new Database(databaseFile, { readonly: true });
  try {
    const rows = db
      .prepare(`SELECT envelope FROM identity_outbox WHERE event_type LIKE ? ORDER BY id`)
      .all(`${typePrefix}%`) as Array<{ envelope: string }>;
    return rows.map(
      (r) => JSON.parse(r.envelope) as { key: string; data: Record<string, unknown> },
    );
  } finally {
    db.close();
  }
}
