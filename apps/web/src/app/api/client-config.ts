import type { ClientConfig } from './models';

/** The issuer and client the server advertises (GET /api/v1/system/web-client, public). */
export async function loadClientConfig(): Promise<ClientConfig> {
  const response = await fetch('/api/v1/system/web-client', {
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`web client configuration answered ${response.status}`);
  return (await response.json()) as ClientConfig;
}
