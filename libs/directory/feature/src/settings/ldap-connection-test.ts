import { LdapProbeError, probeLdap, type LdapProbeResult } from '@tidings/directory/data-access';
import { mappingFor } from '@tidings/directory/domain';
import { DomainError } from '@tidings/platform/errors';
import type { DirectoryLdapOptions } from '../directory-options';

/** A test must answer while the admin waits: never longer than this per LDAP operation. */
export const TEST_TIMEOUT_MS = 5_000;

export interface LdapTestResult extends LdapProbeResult {
  ok: true;
  bind: 'ok';
  /** Things that work but will not give a useful sync (a filter that selects nobody). */
  warnings: string[];
}

function failureMessage(error: LdapProbeError, options: DirectoryLdapOptions): string {
  const { url, bindDn, baseDn } = options.connection;
  switch (error.failure) {
    case 'unreachable':
      return `Cannot reach ${url} (${error.reason}).`;
    case 'tls_failed':
      return `The TLS connection to ${url} failed (${error.reason}).`;
    case 'bind_failed':
      return `The server refused the bind as ${bindDn}: wrong DN or password, or the account is disabled.`;
    case 'bad_filter':
      return `The server could not use the ${error.stage === 'search_groups' ? 'group' : 'user'} filter (${error.reason}).`;
    case 'base_not_found':
      return `The base DN ${baseDn} does not exist on the server, or the account cannot see it.`;
    default:
      return `Searching ${baseDn} failed (${error.reason}).`;
  }
}

/**
 * Runs the probe with the given settings and turns its failure into a problem the admin can
 * act on: `directory.ldap.unreachable`, `tls_failed`, `bind_failed`, `bad_filter`,
 * `base_not_found` or `search_failed`, with the step and the server's reason as details.
 */
export async function testLdapConnection(options: DirectoryLdapOptions): Promise<LdapTestResult> {
  const { connection } = options;
  const { userFilter, groupFilter } = mappingFor(options.preset, options.overrides);
  try {
    const result = await probeLdap(
      { ...connection, timeoutMs: Math.min(connection.timeoutMs, TEST_TIMEOUT_MS) },
      { userFilter, groupFilter },
    );
    const warnings: string[] = [];
    if (result.usersSample === 0)
      warnings.push(
        'The user filter selects nobody under the base DN: a sync would refuse to run.',
      );
    if (result.groupsSample === 0)
      warnings.push('The group filter selects no group under the base DN.');
    return { ok: true, bind: 'ok', ...result, warnings };
  } catch (error) {
    if (!(error instanceof LdapProbeError)) throw error;
    throw new DomainError(
      `directory.ldap.${error.failure}`,
      'unprocessable',
      failureMessage(error, options),
      {
        cause: error,
        details: {
          stage: error.stage,
          reason: error.reason,
          elapsedMs: error.elapsedMs,
          ...(error.ldapCode === undefined ? {} : { ldapResultCode: error.ldapCode }),
        },
      },
    );
  }
}
