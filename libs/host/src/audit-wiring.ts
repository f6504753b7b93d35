import type { DynamicModule } from '@nestjs/common';
import { AuditSigningKey, publicKeyFromPem } from '@tidings/audit/domain';
import {
  AuditModule,
  auditExportsExtension,
  retentionExtension,
  type ExportAttachments,
  type ExportOptions,
  type AuditExtension,
  type AuditKeyMaterial,
  type AuditOptions,
} from '@tidings/audit/feature';
import {
  StoredObjectMissingError,
  TypeOrmFileRepository,
  type FileStorage,
} from '@tidings/messaging/data-access';
import { ContentPurgeActions, filesOptionsOf, storageOf } from '@tidings/messaging/feature';
import { BusRuntime } from '@tidings/platform/bus';
import { ConfigError } from '@tidings/platform/config';
import { DATA_SOURCE, parseDatabaseUrl } from '@tidings/platform/persistence';
import type { KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DataSource } from 'typeorm';
import { publicUrlOf, type TidingsConfig } from './config';

// In its own file: config.ts spreads it, and this file imports config.ts (no import cycle).
export { auditConfigShape } from './audit-config';

type AuditConfig = Pick<
  TidingsConfig,
  | 'DATABASE_URL'
  | 'AUDIT_SIGNING_KEY_FILE'
  | 'AUDIT_PREVIOUS_PUBLIC_KEY_FILES'
  | 'AUDIT_CHECKPOINT_EVERY'
  | 'AUDIT_CHECKPOINT_SECONDS'
>;

/** The generated key of an embedded installation: beside the database (data/tidings.db.audit-key.pem). */
export function auditKeyFileOf(databasePath: string): string {
  return `${databasePath}.audit-key.pem`;
}

function readSigningKey(path: string, notices: Notices): AuditSigningKey {
  let pem: string;
  try {
    if (statSync(path).mode & 0o077) {
      notices.push({ level: 'warn', message: `${path} is readable by others; chmod 600 it` });
    }
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `AUDIT_SIGNING_KEY_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? error})`,
      'AUDIT_SIGNING_KEY_FILE',
    );
  }
  try {
    return AuditSigningKey.fromPem(pem);
  } catch {
    throw new ConfigError(
      `AUDIT_SIGNING_KEY_FILE: ${path} is not a PKCS#8 PEM Ed25519 private key (openssl genpkey -algorithm ed25519)`,
      'AUDIT_SIGNING_KEY_FILE',
    );
  }
}

type Notices = NonNullable<AuditKeyMaterial['notices']>;

/**
 * The signing key: AUDIT_SIGNING_KEY_FILE when set. Otherwise, on the embedded SQLite
 * database, a key generated once into a file beside it (mode 0600) — it travels with the
 * database in a backup of its directory, like the secret key. On PostgreSQL without the
 * variable there is no such place: a key lives for this process only, and the operator is
 * warned (checkpoints it signed fail verification once it is gone).
 */
export function resolveAuditKeys(config: AuditConfig): AuditKeyMaterial {
  const notices: Notices = [];
  const previous: KeyObject[] = config.AUDIT_PREVIOUS_PUBLIC_KEY_FILES.map((file) => {
    try {
      return publicKeyFromPem(readFileSync(file, 'utf8'));
    } catch {
      throw new ConfigError(
        `AUDIT_PREVIOUS_PUBLIC_KEY_FILES: ${file} is not a readable PEM public key`,
        'AUDIT_PREVIOUS_PUBLIC_KEY_FILES',
      );
    }
  });
  const target = parseDatabaseUrl(config.DATABASE_URL);
  const embeddedFile =
    target.kind === 'sqlite' && target.path !== ':memory:' ? auditKeyFileOf(target.path) : null;

  if (config.AUDIT_SIGNING_KEY_FILE) {
    const signing = readSigningKey(config.AUDIT_SIGNING_KEY_FILE, notices);
    // A key generated before the variable was set still vouches for its checkpoints.
    if (embeddedFile) {
      try {
        previous.push(readSigningKey(embeddedFile, notices).publicKey);
      } catch {
        // no embedded key (the usual case): nothing to trust besides
      }
    }
    return { signing, previous, notices };
  }
  if (!embeddedFile) {
    notices.push({
      level: 'warn',
      message:
        'AUDIT_SIGNING_KEY_FILE is not set: audit checkpoints are signed with a key that lives only as long as this process; set it (docs/compliance.md)',
    });
    return { signing: AuditSigningKey.generate(), previous, notices };
  }
  try {
    return { signing: readSigningKey(embeddedFile, notices), previous, notices };
  } catch (error) {
    if (!(error instanceof ConfigError) || !/ENOENT/.test(error.message)) throw error;
  }
  const generated = AuditSigningKey.generate();
  mkdirSync(dirname(embeddedFile), { recursive: true });
  try {
    // `wx`: if another process created it meanwhile, use theirs rather than overwrite it.
    writeFileSync(embeddedFile, generated.privatePem(), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { signing: readSigningKey(embeddedFile, notices), previous, notices };
  }
  notices.push({
    level: 'log',
    message: `generated the audit signing key ${embeddedFile} (mode 0600, key id ${generated.keyId}): back it up with the database`,
  });
  return { signing: generated, previous, notices };
}

export function auditOptionsOf(config: AuditConfig): Partial<AuditOptions> {
  return {
    checkpointEvery: config.AUDIT_CHECKPOINT_EVERY,
    checkpointSeconds: config.AUDIT_CHECKPOINT_SECONDS,
  };
}

/**
 * The audit service (docs/compliance.md). Exports and retention plug in as extensions of the
 * same module (they share its writer, store and keys): list them here.
 */
export function auditModule(
  config: TidingsConfig,
  extensions: AuditExtension[] = [],
): DynamicModule {
  return AuditModule.forRoot({
    options: auditOptionsOf(config),
    keys: resolveAuditKeys(config),
    extensions: [...extensions, retentionOf(config), exportsOf(config)],
  });
}

/**
 * Retention (docs/compliance.md "Retention and legal hold"): the purge is messaging's action,
 * through messaging's outbox runner on the shared database.
 */
function retentionOf(config: TidingsConfig): AuditExtension {
  return retentionExtension({
    intervalMinutes: config.RETENTION_INTERVAL_MINUTES,
    purge: {
      inject: [BusRuntime],
      useFactory: (bus: BusRuntime) => new ContentPurgeActions(bus.runnerFor('messaging')),
    },
  });
}

/** Where exports are written and the domain of EML addresses (the public URL's host). */
export function exportOptionsOf(config: TidingsConfig): ExportOptions {
  const target = parseDatabaseUrl(config.DATABASE_URL);
  const dir =
    config.AUDIT_EXPORT_DIR ??
    (target.kind === 'sqlite' && target.path !== ':memory:'
      ? join(target.path, '..', 'exports')
      : join('data', 'exports'));
  return { dir, mailDomain: new URL(publicUrlOf(config)).hostname };
}

/**
 * Exports copy attachments from messaging's file storage: the record names the file, messaging's
 * file row its stored object. Read here, in the host — audit itself never reads messaging's tables.
 */
export function exportAttachmentsOf(
  dataSource: DataSource,
  storage: FileStorage,
): ExportAttachments {
  const files = new TypeOrmFileRepository(dataSource);
  return {
    open: async (fileId) => {
      const file = await files.findById(fileId);
      if (!file) return null;
      try {
        return { name: file.name, content: await storage.get(file.storageKey) };
      } catch (error) {
        if (error instanceof StoredObjectMissingError) return null;
        throw error;
      }
    },
  };
}

/** Exports (docs/compliance.md "Exports"): jobs, archives, attachments from the file storage. */
function exportsOf(config: TidingsConfig): AuditExtension {
  return auditExportsExtension(exportOptionsOf(config), {
    inject: [DATA_SOURCE],
    useFactory: (dataSource: DataSource) =>
      exportAttachmentsOf(dataSource, storageOf(filesOptionsOf(config, config.DATABASE_URL))),
  });
}
