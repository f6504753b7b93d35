import { readFileSync } from 'node:fs';
import {
  Client,
  FilterParser,
  InvalidCredentialsError,
  NoSuchObjectError,
  ResultCodeError,
  type Entry,
} from 'ldapts';
import type { LdapConnectionConfig } from './ldap-connection';

export type LdapProbeFailure =
  'unreachable' | 'tls_failed' | 'bind_failed' | 'bad_filter' | 'base_not_found' | 'search_failed';

type Stage = 'ca_file' | 'start_tls' | 'bind' | 'search_users' | 'search_groups';

/** A failed probe: which step, and what the server or the network said (no secrets). */
export class LdapProbeError extends Error {
  constructor(
    readonly failure: LdapProbeFailure,
    readonly stage: Stage,
    readonly elapsedMs: number,
    readonly reason: string,
    readonly ldapCode?: number,
  ) {
    super(`${stage}: ${reason}`);
    this.name = 'LdapProbeError';
  }
}

export interface LdapProbeResult {
  usersSample: number;
  groupsSample: number;
  serverInfo?: {
    vendorName?: string;
    vendorVersion?: string;
    namingContexts?: string[];
    defaultNamingContext?: string;
    dnsHostName?: string;
  };
  elapsedMs: number;
}

/**
 * What ldapts' own parser says about a filter (an unknown match operator, say) — the second
 * check after the domain's well-formedness rule, so a filter the sync could not send is
 * refused when it is saved rather than at the next sync.
 */
export function filterSyntaxProblem(filter: string): string | null {
  try {
    FilterParser.parseString(filter);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Entries read per filter: enough to show the filter selects something, cheap on any server. */
export const PROBE_SAMPLE_SIZE = 50;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
]);
/** Node's TLS failures: certificate checks, protocol mismatches. */
const TLS_CODE = /CERT|SSL|TLS|EPROTO|SIGNATURE|ISSUER|KEY_USAGE/;

function describe(error: unknown): { message: string; code: string | undefined } {
  const e = error as { message?: unknown; code?: unknown } | null;
  return {
    message: typeof e?.message === 'string' ? e.message.trim() : String(error),
    code: typeof e?.code === 'string' ? e.code : undefined,
  };
}

/** Tells the failures the admin can act on apart, from what ldapts and Node report. */
function classify(stage: Stage, error: unknown, tlsInUse: boolean): LdapProbeFailure {
  const { message, code } = describe(error);
  if (error instanceof ResultCodeError) {
    if (stage === 'start_tls') return 'tls_failed'; // e.g. "unsupported extended operation"
    if (stage === 'bind') return 'bind_failed';
    if (error instanceof NoSuchObjectError) return 'base_not_found';
    // protocolError (2), undefined attribute type (17), inappropriate matching (18), filter
    // error (87): the server could not evaluate the filter.
    if ([2, 17, 18, 87].includes(error.code)) return 'bad_filter';
    return 'search_failed';
  }
  if ((stage === 'search_users' || stage === 'search_groups') && /expression|filter/i.test(message))
    return 'bad_filter'; // refused by ldapts' filter parser before anything was sent
  if (code && TLS_CODE.test(code)) return 'tls_failed';
  if (tlsInUse && /TLS|SSL|certificate/i.test(message)) return 'tls_failed';
  if (
    stage === 'start_tls' &&
    !(code && NETWORK_CODES.has(code)) &&
    !/timeout|timed out|closed/i.test(message)
  )
    return 'tls_failed';
  return 'unreachable'; // refused, unresolvable, timed out, connection dropped
}

/**
 * Connects, binds as the service account and reads one page of users and of groups — what a
 * sync would do, in miniature and with short timeouts. Each step that fails says which it was.
 */
export async function probeLdap(
  config: LdapConnectionConfig,
  filters: { userFilter: string; groupFilter: string },
): Promise<LdapProbeResult> {
  const started = Date.now();
  const tlsInUse = config.startTls || config.url.startsWith('ldaps:');
  let stage: Stage = 'ca_file';
  let client: Client | undefined;
  try {
    const tlsOptions = config.caFile ? { ca: [readFileSync(config.caFile)] } : {};
    client = new Client({
      url: config.url,
      timeout: config.timeoutMs,
      connectTimeout: config.timeoutMs,
      tlsOptions,
    });
    if (config.startTls) {
      stage = 'start_tls';
      await client.startTLS(tlsOptions);
    }
    stage = 'bind';
    if (config.bindPassword === '') throw new InvalidCredentialsError('empty password refused');
    await client.bind(config.bindDn, config.bindPassword);
    const serverInfo = await readRootDse(client);
    stage = 'search_users';
    const usersSample = await countSample(client, config.baseDn, filters.userFilter);
    stage = 'search_groups';
    const groupsSample = await countSample(client, config.baseDn, filters.groupFilter);
    return {
      usersSample,
      groupsSample,
      ...(serverInfo ? { serverInfo } : {}),
      elapsedMs: Date.now() - started,
    };
  } catch (error) {
    const { message, code } = describe(error);
    const failure = stage === 'ca_file' ? 'tls_failed' : classify(stage, error, tlsInUse);
    const ldapCode = error instanceof ResultCodeError ? error.code : undefined;
    const reason =
      stage === 'ca_file'
        ? `cannot read the CA file (${code ?? message})`
        : error instanceof ResultCodeError
          ? // ldapts appends " Code: 0x31" to the server's (often empty) diagnostic message
            `${error.name} (LDAP result ${error.code})${message.replace(/\s*Code: 0x[0-9a-f]+$/i, '').replace(/^(?=.)/, ': ')}`
          : [code, message].filter(Boolean).join(': ');
    throw new LdapProbeError(failure, stage, Date.now() - started, reason, ldapCode);
  } finally {
    await client?.unbind().catch(() => undefined);
  }
}

async function countSample(client: Client, baseDn: string, filter: string): Promise<number> {
  // No paging: a size limit returns the first entries and ldapts accepts the server's
  // "size limit exceeded" as the end. `1.1` asks for no attributes at all.
  const { searchEntries } = await client.search(baseDn, {
    scope: 'sub',
    filter,
    attributes: ['1.1'],
    sizeLimit: PROBE_SAMPLE_SIZE,
  });
  return searchEntries.length;
}

const text = (entry: Entry, name: string): string | undefined => {
  const value = entry[name];
  const one = Array.isArray(value) ? value[0] : value;
  return one === undefined ? undefined : String(one);
};

/** The root DSE says what the server is; some servers hide it, which is not a failure. */
async function readRootDse(client: Client): Promise<LdapProbeResult['serverInfo']> {
  try {
    const { searchEntries } = await client.search('', {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: [
        'vendorName',
        'vendorVersion',
        'namingContexts',
        'defaultNamingContext',
        'dnsHostName',
      ],
    });
    const root = searchEntries[0];
    if (!root) return undefined;
    const contexts = root['namingContexts'];
    const info = {
      vendorName: text(root, 'vendorName'),
      vendorVersion: text(root, 'vendorVersion'),
      namingContexts:
        contexts === undefined
          ? undefined
          : (Array.isArray(contexts) ? contexts : [contexts]).map(String),
      defaultNamingContext: text(root, 'defaultNamingContext'),
      dnsHostName: text(root, 'dnsHostName'),
    };
    return Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined));
  } catch {
    return undefined;
  }
}
