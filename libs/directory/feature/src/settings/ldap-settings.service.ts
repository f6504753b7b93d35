import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Actor } from '@tidings/contracts';
import {
  bindPasswordContext,
  filterSyntaxProblem,
  SecretBox,
  secretKeyFrom,
  SecretUnreadableError,
  TypeOrmLdapSettingsRepository,
  type LdapSettingsRepository,
  type SealedPassword,
} from '@tidings/directory/data-access';
import {
  applyLdapPatch,
  decideStoredPassword,
  mergedIssues,
  mergeLdapSettings,
  patchIssues,
  type LdapSettingsLayer,
  type LdapSettingsPatch,
  type SettingIssue,
} from '@tidings/directory/domain';
import { ConflictError, DomainError, ValidationError } from '@tidings/platform/errors';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import {
  DIRECTORY_OPTIONS,
  type DirectoryLdapOptions,
  type DirectoryOptions,
} from '../directory-options';
import { testLdapConnection, type LdapTestResult } from './ldap-connection-test';
import {
  layerOfOptions,
  optionsOf,
  viewOf,
  type LdapSettingsView,
  type StoredPasswordProblem,
} from './ldap-settings-view';

/** Compare-and-set attempts before an update gives up on a settings row others keep changing. */
const SAVE_ATTEMPTS = 3;

function invalid(issues: SettingIssue[]): ValidationError {
  return new ValidationError(
    'The LDAP settings are invalid.',
    issues.map((i) => ({ path: `body.${i.field}`, message: i.message })),
    'directory.settings.invalid',
  );
}

/**
 * A candidate the test cannot even send: a malformed filter is reported as the test's own
 * `directory.ldap.bad_filter` (what the server would have said); anything else is invalid input.
 */
function badCandidate(issues: SettingIssue[]): DomainError {
  if (!issues.every((i) => i.field === 'userFilter' || i.field === 'groupFilter'))
    return invalid(issues);
  return new DomainError(
    'directory.ldap.bad_filter',
    'unprocessable',
    `The ${issues.map((i) => i.field).join(' and ')} is not a valid LDAP filter.`,
    { issues: issues.map((i) => ({ path: `body.${i.field}`, message: i.message })) },
  );
}

function notConfigured(): DomainError {
  return new DomainError(
    'directory.ldap.not_configured',
    'unprocessable',
    'No LDAP directory is configured (set LDAP_URL, or url through the API).',
  );
}

function incomplete(missing: string[]): DomainError {
  return new DomainError(
    'directory.ldap.incomplete',
    'unprocessable',
    `The LDAP settings are incomplete: ${missing.join(', ')} missing.`,
    { details: { missing } },
  );
}

/**
 * The directory's LDAP settings: the environment (LDAP_*) overlaid, field by field, by what an
 * administrator stored through the API. Everything that talks to the directory asks
 * `effective()` each time, so a change applies to the next sync or sign-in without a restart.
 *
 * The stored bind password is sealed with AES-256-GCM under TIDINGS_SECRET_KEY (or the
 * embedded key file) and bound to the URL and bind DN it was given for; it is never returned,
 * never logged, and never sent to another server.
 */
@Injectable()
export class LdapSettingsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DirectorySettings');
  private readonly repo: LdapSettingsRepository;
  private readonly env: LdapSettingsLayer;
  private readonly box: SecretBox;
  private readonly keyNotices: Array<{ level: 'log' | 'warn'; message: string }>;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(DIRECTORY_OPTIONS) options: DirectoryOptions,
  ) {
    this.repo = new TypeOrmLdapSettingsRepository(dataSource);
    this.env = options.ldapEnv ?? layerOfOptions(options.ldap);
    const keys = options.secretKeys;
    this.keyNotices = keys?.notices ?? [];
    this.box = new SecretBox(
      keys?.current ? secretKeyFrom(keys.current) : null,
      (keys?.previous ?? []).map(secretKeyFrom),
    );
  }

  /** Says what happened to the key; after a rotation, re-seals the stored password once. */
  async onApplicationBootstrap(): Promise<void> {
    for (const { level, message } of this.keyNotices) this.logger[level](message);
    const stored = await this.repo.get();
    const sealed = stored.bindPassword;
    if (!sealed || !this.box.current || sealed.keyId === this.box.current.id) return;
    try {
      const plaintext = this.box.open(sealed.sealed, bindPasswordContext(sealed.for));
      const resealed = this.seal(plaintext, sealed.for);
      const saved = await this.repo.save(
        { layer: stored.layer, bindPassword: resealed, updatedBy: stored.updatedBy },
        stored.revision,
      );
      if (saved) this.logger.log(`re-sealed the LDAP bind password with key ${resealed.keyId}`);
    } catch (error) {
      this.logger.warn(`the stored LDAP bind password cannot be opened: ${String(error)}`);
    }
  }

  /**
   * The settings in force now, for the sync and the LDAP sign-in: null when no URL is set
   * anywhere. Throws `directory.ldap.incomplete` when a URL is set but the bind DN, a usable
   * password or the base DN is missing.
   */
  async effective(): Promise<DirectoryLdapOptions | null> {
    const stored = await this.repo.get();
    const resolution = mergeLdapSettings(this.env, stored.layer, stored.bindPassword?.for ?? null);
    if (resolution.values.url === null) return null;
    if (resolution.missing.length > 0) throw incomplete(resolution.missing);
    return optionsOf(resolution, this.passwordFor(resolution.bindPassword, stored.bindPassword));
  }

  async view(): Promise<LdapSettingsView> {
    const stored = await this.repo.get();
    const resolution = mergeLdapSettings(this.env, stored.layer, stored.bindPassword?.for ?? null);
    let problem: StoredPasswordProblem | undefined;
    if (stored.bindPassword && resolution.bindPassword !== 'api') problem = 'other_server';
    if (stored.bindPassword && resolution.bindPassword === 'api') {
      try {
        this.open(stored.bindPassword);
      } catch (error) {
        if (!(error instanceof SecretUnreadableError)) throw error;
        problem = error.reason;
      }
    }
    const usable =
      resolution.bindPassword === 'env' || (resolution.bindPassword === 'api' && !problem);
    return viewOf(resolution, stored, usable, problem);
  }

  /**
   * Applies a patch to the stored settings (null removes a stored value). Validated whole
   * before anything is written; a new URL or bind DN clears the stored password unless the
   * same patch brings one. Settings changes publish no event yet (audit comes later); they
   * are logged, by field name only.
   */
  async update(patch: LdapSettingsPatch, actor: Actor): Promise<LdapSettingsView> {
    const issues = this.fieldIssues(patch);
    if (issues.length > 0) throw invalid(issues);
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
      const stored = await this.repo.get();
      const layer = applyLdapPatch(stored.layer, patch);
      const { values } = mergeLdapSettings(this.env, layer);
      const crossIssues = mergedIssues(values, patch);
      if (crossIssues.length > 0) throw invalid(crossIssues);
      const decision = decideStoredPassword({
        stored: stored.bindPassword?.for ?? null,
        next: { url: values.url, bindDn: values.bindDn },
        given: patch.bindPassword,
      });
      let bindPassword: SealedPassword | null = stored.bindPassword;
      if (decision.action === 'set')
        bindPassword = this.seal(patch.bindPassword ?? '', decision.for);
      if (decision.action === 'clear') bindPassword = null;
      const unchanged =
        bindPassword === stored.bindPassword &&
        JSON.stringify(layer) === JSON.stringify(stored.layer);
      if (unchanged) return this.view(); // nothing to write, nobody to blame in "last changed by"
      const saved = await this.repo.save(
        { layer, bindPassword, updatedBy: `${actor.kind}:${actor.id}` },
        stored.revision,
      );
      if (saved) {
        this.logChange(patch, actor, decision.action === 'clear' ? decision.reason : undefined);
        return this.view();
      }
    }
    throw new ConflictError(
      'directory.settings.concurrent_update',
      'The LDAP settings were changed by someone else meanwhile; load them and try again.',
    );
  }

  /**
   * Connects with `candidate` over the settings in force (nothing is stored), binds, and reads
   * one page of users and of groups. A candidate that changes the URL or bind DN must bring
   * its own password: the stored one is not sent to a server it was not given for.
   */
  async testConnection(candidate: LdapSettingsPatch = {}): Promise<LdapTestResult> {
    const issues = this.fieldIssues(candidate);
    if (issues.length > 0) throw badCandidate(issues);
    const stored = await this.repo.get();
    const layer = applyLdapPatch(stored.layer, candidate);
    const resolution = mergeLdapSettings(this.env, layer, stored.bindPassword?.for ?? null);
    const crossIssues = mergedIssues(resolution.values, candidate);
    if (crossIssues.length > 0) throw invalid(crossIssues);
    if (resolution.values.url === null) throw notConfigured();
    const given = typeof candidate.bindPassword === 'string' ? candidate.bindPassword : undefined;
    const missing = resolution.missing.filter((m) => !(m === 'bindPassword' && given));
    if (missing.length > 0) throw incomplete(missing);
    const password = given ?? this.passwordFor(resolution.bindPassword, stored.bindPassword);
    const result = await testLdapConnection(optionsOf(resolution, password));
    this.logger.log(
      `LDAP connection test to ${resolution.values.url}: ok in ${result.elapsedMs} ms`,
    );
    return result;
  }

  private passwordFor(source: 'env' | 'api' | null, sealed: SealedPassword | null): string {
    if (source === 'env' && this.env.bindPassword) return this.env.bindPassword;
    if (source === 'api' && sealed) {
      try {
        return this.open(sealed);
      } catch (error) {
        if (!(error instanceof SecretUnreadableError)) throw error;
        throw new DomainError(
          'directory.settings.secret_unreadable',
          'unprocessable',
          `The stored LDAP bind password cannot be opened (${error.reason}): set the key it was stored with (key id ${error.keyId ?? 'unknown'}) as TIDINGS_SECRET_KEY or TIDINGS_SECRET_KEY_PREVIOUS, or enter the password again.`,
          { details: { reason: error.reason, keyId: error.keyId ?? null } },
        );
      }
    }
    throw incomplete(['bindPassword']);
  }

  private open(sealed: SealedPassword): string {
    return this.box.open(sealed.sealed, bindPasswordContext(sealed.for));
  }

  private seal(plaintext: string, scope: SealedPassword['for']): SealedPassword {
    if (!this.box.canSeal)
      throw new DomainError(
        'directory.settings.no_secret_key',
        'unprocessable',
        'Set TIDINGS_SECRET_KEY (the base64 of 32 random bytes) before storing a bind password: without it, it cannot be stored encrypted.',
      );
    const { keyId, sealed } = this.box.seal(plaintext, bindPasswordContext(scope));
    return { keyId, sealed, for: scope };
  }

  /**
   * The domain's rules for each field, then ldapts' own parse of the filters: a filter it could
   * not send is refused when saved rather than failing the next sync.
   */
  private fieldIssues(patch: LdapSettingsPatch): SettingIssue[] {
    const issues = patchIssues(patch);
    for (const field of ['userFilter', 'groupFilter'] as const) {
      const filter = patch[field];
      if (typeof filter !== 'string' || issues.some((i) => i.field === field)) continue;
      const problem = filterSyntaxProblem(filter);
      if (problem) issues.push({ field, message: problem });
    }
    return issues;
  }

  private logChange(patch: LdapSettingsPatch, actor: Actor, cleared: string | undefined): void {
    const fields = Object.keys(patch).filter((k) => k !== 'bindPassword');
    const password =
      typeof patch.bindPassword === 'string'
        ? 'bind password set'
        : cleared
          ? `bind password cleared (${cleared})`
          : '';
    const what = [fields.join(', '), password].filter(Boolean).join('; ') || 'nothing';
    this.logger.log(`LDAP settings changed by ${actor.kind}:${actor.id}: ${what}`);
  }
}
