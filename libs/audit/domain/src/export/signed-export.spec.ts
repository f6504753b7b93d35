import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditSigningKey } from '../checkpoint';
import { ARCHIVE_ROOT, writeArchive } from './archive';
import { normalizeFilters } from './filters';
import { writeHashedFile } from './hashed-file';
import {
  MANIFEST_FILE,
  renderManifest,
  signManifest,
  verifyManifestSignature,
  type ManifestFile,
} from './manifest';
import { verifyExport } from './verify-export';

const key = AuditSigningKey.generate();
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A small export directory: two files and their signed manifest. */
async function makeExport(target: string, signer = key): Promise<ManifestFile[]> {
  await mkdir(target, { recursive: true });
  const files = [
    await writeHashedFile(target, 'records.jsonl', '{"seq":1}\n{"seq":2}\n'),
    await writeHashedFile(target, 'attachments/f-1-报告.txt', 'bytes of a file'),
  ];
  const checkpoint = signer.signCheckpoint({
    seq: 2,
    rootHash: 'ab'.repeat(32),
    createdAt: '2026-01-02T00:00:00.000Z',
  });
  const manifest = signManifest(
    {
      version: 1,
      format: 'jsonl',
      filters: normalizeFilters({ to: '2026-01-03T00:00:00Z', types: ['b', 'a', 'a'] }),
      range: { from: null, to: '2026-01-03T00:00:00.000Z', firstSeq: 1, lastSeq: 2 },
      recordCount: 2,
      checkpoint,
      files,
      missingAttachments: [],
    },
    signer,
  );
  await writeFile(join(target, MANIFEST_FILE), renderManifest(manifest));
  return files;
}

describe('the signed manifest', () => {
  it('lists files by path, normalizes filters, and verifies under the key only', async () => {
    await makeExport(dir);
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
    expect(manifest.files.map((f: ManifestFile) => f.path)).toEqual([
      'attachments/f-1-报告.txt',
      'records.jsonl',
    ]);
    expect(manifest.filters).toEqual({
      from: null,
      to: '2026-01-03T00:00:00.000Z',
      users: [],
      conversations: [],
      types: ['a', 'b'],
    });
    expect(manifest.keyId).toBe(key.keyId);
    expect(Object.keys(manifest)).not.toContain('generatedAt');
    expect(verifyManifestSignature(manifest, key.publicKey)).toBe(true);
    expect(verifyManifestSignature({ ...manifest, recordCount: 3 }, key.publicKey)).toBe(false);
    expect(verifyManifestSignature(manifest, AuditSigningKey.generate().publicKey)).toBe(false);
  });
});

describe('verifyExport', () => {
  it('passes an untouched export', async () => {
    await makeExport(dir);
    expect(await verifyExport(dir, key.publicKey)).toEqual({
      ok: true,
      files: 2,
      recordCount: 2,
      keyId: key.keyId,
    });
  });

  it('names the file when one byte of it changed', async () => {
    await makeExport(dir);
    const path = join(dir, 'records.jsonl');
    const bytes = await readFile(path);
    bytes[3] = bytes[3]! ^ 0x01;
    await writeFile(path, bytes);
    const verdict = await verifyExport(dir, key.publicKey);
    expect(verdict).toMatchObject({ ok: false, file: 'records.jsonl' });
    expect(verdict.ok || verdict.reason).toMatch(/SHA-256/);
  });

  it('names the manifest when it was edited, or signed by another key', async () => {
    await makeExport(dir);
    const path = join(dir, MANIFEST_FILE);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('"recordCount": 2', '"recordCount": 1'));
    expect(await verifyExport(dir, key.publicKey)).toMatchObject({
      ok: false,
      file: MANIFEST_FILE,
      reason: 'its signature does not match its content',
    });
    await writeFile(path, text);
    expect(await verifyExport(dir, AuditSigningKey.generate().publicKey)).toMatchObject({
      ok: false,
      file: MANIFEST_FILE,
    });
  });

  it('refuses a missing, a truncated, an extra, or an outside file', async () => {
    await makeExport(dir);
    await writeFile(join(dir, 'extra.txt'), 'smuggled');
    expect(await verifyExport(dir, key.publicKey)).toMatchObject({ ok: false, file: 'extra.txt' });
    await rm(join(dir, 'extra.txt'));
    await writeFile(join(dir, 'records.jsonl'), '{"seq":1}\n');
    expect(await verifyExport(dir, key.publicKey)).toMatchObject({
      ok: false,
      file: 'records.jsonl',
      reason: expect.stringMatching(/bytes/),
    });
    await rm(join(dir, 'attachments'), { recursive: true });
    expect(await verifyExport(dir, key.publicKey)).toMatchObject({
      ok: false,
      file: 'attachments/f-1-报告.txt',
      reason: 'is missing',
    });
  });

  it('refuses a checkpoint whose signature does not hold', async () => {
    await makeExport(dir);
    const path = join(dir, MANIFEST_FILE);
    const manifest = JSON.parse(await readFile(path, 'utf8'));
    // Re-signed manifest around a forged checkpoint: only the key holder could do either.
    const forged = signManifest(
      { ...manifest, checkpoint: { ...manifest.checkpoint, rootHash: 'cd'.repeat(32) } },
      key,
    );
    await writeFile(path, renderManifest(forged));
    expect(await verifyExport(dir, key.publicKey)).toMatchObject({
      ok: false,
      file: MANIFEST_FILE,
      reason: expect.stringMatching(/checkpoint/),
    });
  });
});

describe('writeArchive', () => {
  it('writes byte-identical .tar.gz files for identical directories, sorted, mtime 0', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const files = await makeExport(a);
    // The same content made again later (other mtimes on disk): same archive bytes.
    await new Promise((resolve) => setImmediate(resolve));
    await mkdir(b);
    for (const name of ['records.jsonl', 'attachments/f-1-报告.txt', MANIFEST_FILE]) {
      await mkdir(join(b, name, '..'), { recursive: true });
      await writeFile(join(b, name), await readFile(join(a, name)));
    }
    const paths = [MANIFEST_FILE, ...files.map((f) => f.path)];
    const first = await writeArchive(a, paths, join(dir, 'a.tar.gz'));
    const second = await writeArchive(b, [...paths].reverse(), join(dir, 'b.tar.gz'));
    expect(second).toEqual(first);
    const bytes = await readFile(join(dir, 'a.tar.gz'));
    expect(bytes.length).toBe(first.bytes);
    // gzip header: no mtime (bytes 4–7 zero), no file name flag.
    expect([...bytes.subarray(0, 8)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]);
    const listing = spawnSync('tar', ['-tzvf', join(dir, 'a.tar.gz')], { encoding: 'utf8' });
    expect(listing.status, listing.stderr).toBe(0);
    const lines = listing.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/).slice(5).join(' '))).toEqual([
      `${ARCHIVE_ROOT}/attachments/f-1-报告.txt`,
      `${ARCHIVE_ROOT}/manifest.json`,
      `${ARCHIVE_ROOT}/records.jsonl`,
    ]);
    for (const line of lines) expect(line).toMatch(/^-rw-r--r-- 0\/0 .* 1970-01-01 /);
    // Unpacked, the export still verifies.
    const out = join(dir, 'out');
    await mkdir(out);
    expect(spawnSync('tar', ['-xzf', join(dir, 'a.tar.gz'), '-C', out]).status).toBe(0);
    expect(await verifyExport(join(out, ARCHIVE_ROOT), key.publicKey)).toMatchObject({ ok: true });
  });
});
