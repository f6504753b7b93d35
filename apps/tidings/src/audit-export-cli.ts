import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  AUDIT_OWN_TYPES,
  keyIdOf,
  MANIFEST_FILE,
  publicKeyFromPem,
  verifyExport,
  type ExportRequest,
} from '@tidings/audit/domain';
import { auditParts, exportBody, runExport } from '@tidings/audit/feature';
import { filesOptionsOf, storageOf } from '@tidings/messaging/feature';
import { loadConfigOrExit } from '@tidings/platform/config';
import { openDatabase, parseDatabaseUrl } from '@tidings/platform/persistence';
import { CLI_ACTOR } from './audit-cli';
import {
  auditKeyFileOf,
  auditOptionsOf,
  exportAttachmentsOf,
  exportOptionsOf,
  resolveAuditKeys,
} from '@tidings/host';
import { tidingsConfigSchema, type TidingsConfig } from '@tidings/host';
import { hostPersistence } from '@tidings/host';

interface ExportOptions {
  format: string;
  from?: string;
  to?: string;
  users?: string;
  conversations?: string;
  types?: string;
  out: string;
  json?: boolean;
}

const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');

/**
 * `tidings audit export …` and `tidings audit verify-export <dir>` (docs/compliance.md,
 * "Exports"). Added to the `audit` command group (made here if it is not there yet).
 */
export function registerAuditExportCommands(program: Command): void {
  const audit =
    program.commands.find((c) => c.name() === 'audit') ??
    program.command('audit').description('the audit trail (compliance)');

  audit
    .command('export')
    .description(
      'export records to a directory with a signed manifest (same as POST /audit/exports)',
    )
    .requiredOption('--format <format>', 'csv | jsonl | eml')
    .option('--from <time>', 'records that occurred at or after this ISO time')
    .option('--to <time>', 'records that occurred before this ISO time')
    .option('--users <ids>', 'records concerning these users (comma-separated ids)')
    .option('--conversations <ids>', 'records of these conversations (comma-separated ids)')
    .option('--types <types>', 'event types, comma-separated; `messaging.*` matches a prefix')
    .requiredOption('--out <dir>', 'the directory to write (new or empty)')
    .option('--json', 'print the manifest as JSON')
    .action(async (options: ExportOptions) => {
      const parsed = exportBody.safeParse({
        format: options.format,
        from: options.from,
        to: options.to,
        users: list(options.users),
        conversations: list(options.conversations),
        types: list(options.types),
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        process.stderr.write(
          `tidings: --${issue?.path.join('.') ?? 'format'}: ${issue?.message}\n`,
        );
        process.exitCode = 2;
        return;
      }
      const out = resolve(options.out);
      if (existsSync(out) && readdirSync(out).length > 0) {
        process.stderr.write(`tidings: --out: ${out} is not empty\n`);
        process.exitCode = 2;
        return;
      }
      const config = loadConfigOrExit(tidingsConfigSchema);
      await exportTo(config, parsed.data, out, options.json === true);
    });

  audit
    .command('verify-export')
    .description(
      "check an export offline: each file's SHA-256, the manifest's and checkpoint's signatures",
    )
    .argument('<dir>', 'the export directory (unpacked archive: its audit-export/ folder)')
    .option(
      '--public-key <file>',
      'PEM public key (GET /api/v1/audit/public-key); default: this instance’s',
    )
    .option('--json', 'print the verdict as JSON')
    .action(async (dir: string, options: { publicKey?: string; json?: boolean }) => {
      const key = verificationKey(dir, options.publicKey);
      if (typeof key === 'string') {
        process.stderr.write(`tidings: ${key}\n`);
        process.exitCode = 2;
        return;
      }
      const verdict = await verifyExport(resolve(dir), key);
      if (options.json) console.log(JSON.stringify(verdict, null, 2));
      if (verdict.ok) {
        if (!options.json)
          console.log(
            `ok: ${verdict.files} file(s), ${verdict.recordCount} record(s), signed by key ${verdict.keyId}`,
          );
        return;
      }
      process.stderr.write(`tidings: ${verdict.file}: ${verdict.reason}\n`);
      process.exitCode = 1;
    });
}

/** The job's code path (runExport) into --out, recorded in the trail as the operator's. */
async function exportTo(
  config: TidingsConfig,
  request: ExportRequest,
  out: string,
  json: boolean,
): Promise<void> {
  const { dataSource } = await openDatabase(hostPersistence(config.DATABASE_URL));
  try {
    const {
      reads: store,
      writer,
      keys,
    } = auditParts(dataSource, resolveAuditKeys(config), auditOptionsOf(config));
    const { format, ...filters } = request;
    await writer.recordOwn(AUDIT_OWN_TYPES.exportStarted, CLI_ACTOR, { format, filters, out });
    try {
      const started = Date.now();
      const outcome = await runExport(
        {
          store,
          key: keys.signing,
          checkpointNow: () => writer.checkpointNow(),
          attachments: exportAttachmentsOf(
            dataSource,
            storageOf(filesOptionsOf(config, config.DATABASE_URL)),
          ),
          mailDomain: exportOptionsOf(config).mailDomain,
        },
        request,
        out,
        {
          progress: (records) => {
            if (!json) process.stderr.write(`\r${records} record(s)`);
          },
        },
      );
      const { manifest } = outcome;
      await writer.recordOwn(AUDIT_OWN_TYPES.exportCompleted, CLI_ACTOR, {
        format,
        filters,
        out,
        status: 'done',
        recordCount: manifest.recordCount,
        manifestSignature: manifest.signature,
      });
      if (json) console.log(JSON.stringify(manifest, null, 2));
      else {
        const seconds = (Date.now() - started) / 1000;
        process.stderr.write('\n');
        console.log(
          `${out}: ${manifest.recordCount} record(s) in ${manifest.files.length} file(s), ` +
            `records ${manifest.range.firstSeq ?? '-'}…${manifest.range.lastSeq ?? '-'}, ` +
            `checkpoint ${manifest.checkpoint?.seq ?? '-'}, ${seconds.toFixed(1)} s`,
        );
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await writer.recordOwn(AUDIT_OWN_TYPES.exportCompleted, CLI_ACTOR, {
        format,
        filters,
        out,
        status: 'failed',
        error: message,
      });
      throw error;
    }
  } finally {
    await dataSource.destroy();
  }
}

/**
 * The key to verify with: --public-key, else this instance's keys from configuration (the
 * signing key file, the embedded key beside the database, earlier keys) — the one whose id the
 * manifest names, when there is one. Never generates a key; never opens the database.
 */
function verificationKey(dir: string, file: string | undefined): KeyObject | string {
  if (file) {
    try {
      return publicKeyFromPem(readFileSync(file, 'utf8'));
    } catch {
      return `--public-key: ${file} is not a readable PEM key`;
    }
  }
  const config = loadConfigOrExit(tidingsConfigSchema);
  const candidates: string[] = [...config.AUDIT_PREVIOUS_PUBLIC_KEY_FILES];
  if (config.AUDIT_SIGNING_KEY_FILE) candidates.unshift(config.AUDIT_SIGNING_KEY_FILE);
  const target = parseDatabaseUrl(config.DATABASE_URL);
  if (target.kind === 'sqlite' && target.path !== ':memory:')
    candidates.push(auditKeyFileOf(target.path));
  const keys = candidates
    .filter((path) => existsSync(path))
    .map((path) => publicKeyFromPem(readFileSync(path, 'utf8')));
  if (keys.length === 0)
    return 'no audit key configured here: pass --public-key (the PEM from GET /api/v1/audit/public-key)';
  let named: string | undefined;
  try {
    named = (JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as { keyId?: string })
      .keyId;
  } catch {
    // verifyExport names the unreadable manifest
  }
  return keys.find((k) => keyIdOf(k) === named) ?? (keys[0] as KeyObject);
}
