import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { AuditSigningKey, type AuditRecord } from '@tidings/audit/domain';
import { AuditClock } from '@tidings/audit/feature';
import type { TestDatabase } from '@tidings/platform/testing';
import { expect, vi } from 'vitest';
import { AuditScenarioHost, officer, type Scenario } from './audit-scenario.testing';
import { runCliInProcess } from './cli.testing';

export { officer } from './audit-scenario.testing';

export interface ExportJob {
  id: string;
  status: string;
  format: string;
  progress: { records: number; total: number | null };
  createdBy: { kind: string; id: string };
  archive: { bytes: number; sha256: string } | null;
  error: string | null;
}

export interface Exported {
  job: ExportJob;
  bytes: Buffer;
  /** The unpacked archive's audit-export/ directory, and its files by relative path. */
  dir: string;
  files: Map<string, Buffer>;
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The host after the scripted scenario, set up for exports: files, export directory and a
 * configured signing key (PostgreSQL has no embedded default; the CLI signs with it too), the
 * trail as recorded, and `to` — just after the scenario's last record. The audit service's own
 * records (each export's started/completed) are stamped an hour later by its clock, outside
 * that range, so every export of the range gives the same bytes.
 */
export class AuditExportsHost extends AuditScenarioHost {
  readonly filesDir = mkdtempSync(join(tmpdir(), 'audit-files-'));
  readonly keyFile = join(mkdtempSync(join(tmpdir(), 'audit-signing-')), 'audit-key.pem');
  scenarioIds!: Scenario;
  records: AuditRecord[] = [];
  to = '';
  private db!: TestDatabase;
  private readonly exports = new Map<string, Exported>();

  async startWithScenario(db: TestDatabase): Promise<this> {
    this.db = db;
    writeFileSync(this.keyFile, AuditSigningKey.generate().privatePem(), { mode: 0o600 });
    await this.start({
      DATABASE_URL: db.url,
      PUBLIC_URL: 'https://chat.example.com',
      FILES_DIR: this.filesDir,
      AUDIT_EXPORT_DIR: mkdtempSync(join(tmpdir(), 'audit-exports-')),
      AUDIT_SIGNING_KEY_FILE: this.keyFile,
    });
    this.scenarioIds = await this.scenario();
    for await (const r of this.trail.scan({})) this.records.push(r);
    const last = Math.max(...this.records.map((r) => Date.parse(r.occurredAt)));
    this.to = new Date(last + 1).toISOString();
    const later = last + 3_600_000;
    this.app.get(AuditClock).use(() => later);
    return this;
  }

  /** Starts an export job, follows it to its end, downloads the archive. */
  async exportJob(body: Record<string, unknown>): Promise<{ job: ExportJob; bytes: Buffer }> {
    const started = await this.call('POST', '/audit/exports', officer, body);
    expect(started.statusCode, started.body).toBe(202);
    const { job } = started.json() as { job: ExportJob };
    expect(job).toMatchObject({ status: 'queued', progress: { records: 0, total: null } });
    for (const deadline = Date.now() + 30_000; ;) {
      const now = (await this.ok('GET', `/audit/exports/${job.id}`, officer)) as ExportJob;
      if (now.status === 'done' || now.status === 'failed') {
        expect(now.error).toBeNull();
        const archive = await this.call('GET', `/audit/exports/${job.id}/archive`, officer);
        expect(archive.statusCode).toBe(200);
        expect(archive.headers['content-type']).toBe('application/gzip');
        return { job: now, bytes: archive.rawPayload };
      }
      if (Date.now() > deadline) throw new Error(`export ${job.id} stayed ${now.status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The scenario's range in a format, exported once and unpacked. */
  async exported(format: string): Promise<Exported> {
    const done = this.exports.get(format);
    if (done) return done;
    const { job, bytes } = await this.exportJob({ format, to: this.to });
    const dir = join(unpack(bytes), 'audit-export');
    const result = { job, bytes, dir, files: filesOf(dir) };
    this.exports.set(format, result);
    return result;
  }

  /** Runs the CLI in this process with the host's configuration; what it printed, its exit code. */
  async tidings(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
    vi.stubEnv('DATABASE_URL', this.db.url);
    vi.stubEnv('PUBLIC_URL', 'https://chat.example.com');
    vi.stubEnv('FILES_DIR', this.filesDir);
    vi.stubEnv('AUDIT_SIGNING_KEY_FILE', this.keyFile);
    return runCliInProcess(...args);
  }
}

/** Unpacks a .tar.gz (with the system's tar) into a new directory; answers it. */
export function unpack(archive: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'audit-unpacked-'));
  const result = spawnSync('tar', ['-xzf', '-', '-C', dir], { input: archive });
  expect(result.status, String(result.stderr)).toBe(0);
  return dir;
}

/** Every file below `dir`: relative path → content. */
export function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out.set(relative(dir, path), readFileSync(path));
    }
  return out;
}

/** RFC 4180 parsing, independent of the writer: rows of fields (quoted fields may hold CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field, 'the file ends with CRLF').toBe('');
  return rows;
}
