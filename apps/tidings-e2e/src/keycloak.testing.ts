import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * The real Keycloak (scripts/services/keycloak.sh, realm deploy/keycloak/tidings-realm.json).
 * The integration project's global setup starts it in the background and stops it at the end;
 * a suite waits here until it serves the realm and never stops it (others may be using it).
 */
export async function keycloakIssuer(): Promise<string> {
  const { stdout } = await promisify(execFile)('scripts/services/keycloak.sh', ['start'], {
    encoding: 'utf8',
    timeout: 280_000,
  });
  const issuer = /OIDC_ISSUER=(\S+)/.exec(stdout)?.[1];
  if (!issuer) throw new Error(`keycloak.sh start printed no issuer:\n${stdout}`);
  return issuer;
}

/** An access token from the realm's password grant (the dev realm's `<name>-password`). */
export async function passwordGrant(
  issuer: string,
  clientId: string,
  username: string,
): Promise<string> {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: clientId,
      username,
      password: `${username}-password`,
    }),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`no token for ${username}: ${body.error_description}`);
  return body.access_token;
}
