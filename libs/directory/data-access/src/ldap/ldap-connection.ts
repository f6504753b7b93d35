import { readFileSync } from 'node:fs';
import { Client } from 'ldapts';

export interface LdapConnectionConfig {
  /** `ldap://host:389` or `ldaps://host:636`. */
  url: string;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  /** Upgrade a plain `ldap://` connection with StartTLS before binding. */
  startTls: boolean;
  /** PEM file of the CA that signed the server's certificate (ldaps or StartTLS). */
  caFile?: string;
  /** Per-operation timeout; an unreachable server must fail a sync, not hang it. */
  timeoutMs: number;
}

function tlsOptions(config: LdapConnectionConfig) {
  return config.caFile ? { ca: [readFileSync(config.caFile)] } : {};
}

/**
 * Opens a connection, binds as the configured account, runs `work`, and always unbinds —
 * a sync that throws halfway must not leak connections on the directory server.
 */
export async function withLdap<T>(
  config: LdapConnectionConfig,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({
    url: config.url,
    timeout: config.timeoutMs,
    connectTimeout: config.timeoutMs,
    tlsOptions: tlsOptions(config),
  });
  try {
    if (config.startTls) await client.startTLS(tlsOptions(config));
    await client.bind(config.bindDn, config.bindPassword);
    return await work(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
