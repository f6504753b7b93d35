import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keycloakIssuer, passwordGrant as realmToken } from './keycloak.testing';
import { startServer, type RunningServer } from './server-process';

/**
 * Production identity: the real Keycloak (keycloak.testing.ts) issues the tokens; the host verifies them through
 * discovery → JWKS → jose like any issuer's.
 */
describe('the API with Keycloak as the issuer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-kc-'));
  let issuer: string;
  let server: RunningServer;
  beforeAll(async () => {
    issuer = await keycloakIssuer();
    server = await startServer({
      DATABASE_URL: `sqlite:${join(dir, 'kc.db')}`,
      OIDC_ISSUER: issuer,
      OIDC_CLOCK_SKEW_SECONDS: '1',
    });
  }, 300_000);

  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  const passwordGrant = (clientId: string, username: string) =>
    realmToken(issuer, clientId, username);

  const me = (token: string) =>
    fetch(`${server.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });

  async function expectRefused(token: string, code: string) {
    const response = await me(token);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 401, code });
  }

  it('lets a realm user call /api/v1/me with their roles', async () => {
    const response = await me(await passwordGrant('tidings-test', 'alice'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ username: 'alice', roles: ['user'], issuer });

    const admin = await passwordGrant('tidings-test', 'adam');
    expect(
      (
        await fetch(`${server.baseUrl}/api/v1/bots`, {
          headers: { authorization: `Bearer ${admin}` },
        })
      ).status,
    ).toBe(200);
    const user = await passwordGrant('tidings-test', 'alice');
    expect(
      (
        await fetch(`${server.baseUrl}/api/v1/bots`, {
          headers: { authorization: `Bearer ${user}` },
        })
      ).status,
    ).toBe(403);
  });

  it('refuses a token meant for another audience', async () => {
    // admin-cli is Keycloak's own client: its tokens are not addressed to tidings-api.
    await expectRefused(await passwordGrant('admin-cli', 'alice'), 'auth.token_audience');
  });

  it('refuses an expired token', async () => {
    const token = await passwordGrant('tidings-test-short', 'alice');
    expect((await me(token)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 4000)); // 2 s lifetime + 1 s allowed skew
    await expectRefused(token, 'auth.token_expired');
  });

  it('refuses a tampered token and one signed by an unknown key', async () => {
    const real = await passwordGrant('tidings-test', 'alice');
    const [header, payload, signature] = real.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const elevated = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString(
      'base64url',
    );
    await expectRefused(`${header}.${elevated}.${signature}`, 'auth.token_signature');

    const { kid } = JSON.parse(Buffer.from(header!, 'base64url').toString());
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ ...claims, roles: ['admin'] })
      .setProtectedHeader({ alg: 'RS256', kid })
      .sign(privateKey);
    await expectRefused(forged, 'auth.token_signature');
  });
});
