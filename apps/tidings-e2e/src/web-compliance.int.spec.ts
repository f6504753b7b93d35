import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Browser, Locator, Page } from 'playwright-core';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, WebTestHost, type Person } from './web-host';
import {
  describeViolations,
  freshPage,
  launchChromium,
  seriousViolations,
  signInAt,
} from './web-testing';

/**
 * The compliance console in Chromium against the built host (issue #10's browser lines): a
 * compliance officer searches the audit trail (a record's detail chains to the one before it),
 * runs an export, watches it go from queued/running to done and downloads the archive — a
 * gzip whose manifest.json lists its files, each matching its SHA-256 — verifies the chain,
 * and places a legal hold and a retention policy. A plain user finds no way in: no nav entry,
 * a refusal at the URL, 403 from the API (and so does an administrator).
 */
const SCREENSHOTS = 'docs/screenshots';

interface Manifest {
  version: number;
  format: string;
  recordCount: number;
  files: Array<{ path: string; sha256: string; bytes: number }>;
  signature: string;
  keyId: string;
}

/** Every regular file of a .tar.gz, by its path inside the archive. */
async function untar(gzipped: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
      stream.on('end', () => {
        if (header.type === 'file') files.set(header.name, Buffer.concat(chunks));
        next();
      });
      stream.resume();
    });
    reader.on('finish', resolve);
    reader.on('error', reject);
  });
  reader.end(gunzipSync(gzipped));
  await done;
  return files;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the compliance console in the browser', () => {
  let host: WebTestHost;
  let browser: Browser;
  let wang: Person;
  let officer: Person;
  let page: Page;
  let officerToken = '';

  const text = async (locator: Locator) => (await locator.textContent())?.trim() ?? '';

  async function expectAccessible(on: Page, screen: string) {
    const violations = await seriousViolations(on);
    expect(violations, `${screen}:\n${describeViolations(violations)}`).toEqual([]);
  }

  beforeAll(async () => {
    host = await WebTestHost.start();
    wang = await host.person('wang', '王芳');
    officer = await host.person('olivia', 'Olivia Compliance', ['compliance']);
    // Something worth auditing: a channel and two messages in it.
    const wangToken = host.token('wang');
    const channel = await host.conversation(wangToken, {
      kind: 'channel',
      visibility: 'public',
      name: 'finance',
    });
    for (const message of ['Q3 numbers are in the shared folder', 'Please keep them internal'])
      await host.api(wangToken, 'POST', `/conversations/${channel}/messages`, { text: message });
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    page = await freshPage(browser);
    officerToken = await signInAt(
      page,
      `${host.baseUrl}/compliance`,
      officer.username,
      officer.password,
    );
    await page.getByTestId('compliance-nav-search').waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('a compliance officer searches the trail; a record shows its hash and the hash before it', async () => {
    expect(await page.getByTestId('nav-compliance').getAttribute('aria-current')).toBe('page');
    await page.getByTestId('audit-types').fill('messaging.message.sent');
    // The audit service consumes the bus asynchronously: search until both messages are in.
    const summaries = page.getByTestId('audit-summary');
    await expect
      .poll(
        async () => {
          await page.getByTestId('audit-search').click();
          await page.getByTestId('audit-search').isEnabled();
          return summaries.allTextContents();
        },
        { timeout: 20_000 },
      )
      .toEqual(['Q3 numbers are in the shared folder', 'Please keep them internal']);
    expect(await page.getByTestId('audit-type').allTextContents()).toEqual([
      'messaging.message.sent',
      'messaging.message.sent',
    ]);

    // Unfiltered, oldest first: each record's prev hash is the hash of the one before it.
    await page.getByTestId('audit-types').fill('');
    await page.getByTestId('audit-search').click();
    const first = page.getByTestId('audit-row').nth(0);
    await expect.poll(() => first.getAttribute('data-seq')).toBe('1');
    await first.getByTestId('audit-open').click();
    const detail = page.getByTestId('audit-detail');
    expect(await text(detail.getByTestId('audit-prev-hash'))).toBe('0'.repeat(64));
    const firstHash = await text(detail.getByTestId('audit-hash'));
    expect(firstHash).toMatch(/^[0-9a-f]{64}$/);
    const second = page.getByTestId('audit-row').nth(1);
    await second.getByTestId('audit-open').click();
    await expect.poll(() => second.getAttribute('class')).toContain('open');
    expect(await text(page.getByTestId('audit-detail').getByTestId('audit-prev-hash'))).toBe(
      firstHash,
    );
    await expectAccessible(page, 'audit search with a record open');
    await page.screenshot({ path: `${SCREENSHOTS}/compliance-search-en.png`, fullPage: true });

    // A bad filter is named before anything is sent.
    await page.getByTestId('audit-types').fill('Sent Messages');
    await page.getByTestId('audit-search').click();
    await expect
      .poll(() => text(page.getByTestId('audit-problems')))
      .toContain('event type looks like');
    await page.getByTestId('audit-types').fill('');
  });

  it('runs an export, sees it progress to done and downloads a signed archive', async () => {
    await page.getByTestId('compliance-nav-exports').click();
    await page.getByTestId('export-form').waitFor();
    await page.getByTestId('export-format').selectOption('jsonl');
    // Only what concerns 王芳, chosen by name from the directory.
    await page.getByTestId('export-users-search').fill('wang');
    await page.getByTestId('export-users-match').filter({ hasText: '王芳' }).click();
    await expect.poll(() => text(page.getByTestId('export-users-chosen'))).toContain('王芳 (wang)');

    // Every status the job's row shows, in order, as the page renders them.
    await page.evaluate(`
      window.__statuses = [];
      const seen = () => {
        const row = document.querySelector('[data-testid=export-row]');
        const status = row && row.getAttribute('data-status');
        if (status && window.__statuses[window.__statuses.length - 1] !== status)
          window.__statuses.push(status);
      };
      new MutationObserver(seen).observe(document.body, {
        subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'],
      });
    `);
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/audit/exports') && r.request().method() === 'POST',
    );
    await page.getByTestId('export-create').click();
    expect((await created).status()).toBe(202);
    const row = page.getByTestId('export-row').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    const statuses = (await page.evaluate('window.__statuses')) as string[];
    expect(['queued', 'running']).toContain(statuses[0]);
    expect(statuses[statuses.length - 1]).toBe('done');
    const progress = await text(row.getByTestId('export-progress'));
    expect(progress).toMatch(/^(\d+) of \1 records$/);
    await expectAccessible(page, 'exports with a finished job');
    await page.screenshot({ path: `${SCREENSHOTS}/compliance-en.png`, fullPage: true });

    const downloading = page.waitForEvent('download');
    await row.getByTestId('export-download').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(
      /^tidings-audit-jsonl-\d{4}-\d{2}-\d{2}-.+\.tar\.gz$/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'tidings-export-'));
    try {
      const saved = join(dir, 'export.tar.gz');
      await download.saveAs(saved);
      const archive = readFileSync(saved);
      // A gzip (magic 1f 8b), the very bytes whose SHA-256 the row shows.
      expect(archive.subarray(0, 2).toString('hex')).toBe('1f8b');
      expect(await text(row.locator('.sha'))).toBe(`SHA-256 ${sha256(archive)}`);

      const files = await untar(archive);
      const manifestPath = [...files.keys()].find((name) => /(^|\/)manifest\.json$/.test(name));
      expect(manifestPath, [...files.keys()].join(', ')).toBeDefined();
      const manifest = JSON.parse(files.get(manifestPath!)!.toString('utf8')) as Manifest;
      expect(manifest.format).toBe('jsonl');
      expect(manifest.files.map((f) => f.path)).toContain('records.jsonl');
      const prefix = manifestPath!.slice(0, -'manifest.json'.length);
      for (const listed of manifest.files) {
        const bytes = files.get(prefix + listed.path);
        expect(bytes, listed.path).toBeDefined();
        expect(sha256(bytes!), listed.path).toBe(listed.sha256);
        expect(bytes!.length, listed.path).toBe(listed.bytes);
      }
      // The records are 王芳's: her two messages are among them, text in full.
      const lines = files
        .get(`${prefix}records.jsonl`)!
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { type: string; data: { text?: string } });
      expect(lines).toHaveLength(manifest.recordCount);
      expect(
        lines.filter((l) => l.type === 'messaging.message.sent').map((l) => l.data.text),
      ).toEqual(['Q3 numbers are in the shared folder', 'Please keep them internal']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('verifies the chain and shows the public key it is signed with', async () => {
    await page.getByTestId('compliance-nav-verify').click();
    const keyId = page.getByTestId('verify-key-id');
    await keyId.waitFor();
    const published = (await (await fetch(`${host.baseUrl}/api/v1/audit/public-key`)).json()) as {
      keyId: string;
      publicKeyPem: string;
    };
    expect(await text(keyId)).toBe(published.keyId);
    expect(await text(page.getByTestId('verify-key-pem'))).toBe(published.publicKeyPem.trim());

    await page.getByTestId('verify-run').click();
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await text(result)).toMatch(/Intact: all \d+ records/);
    await expectAccessible(page, 'verification');
  });

  it('places a legal hold and a retention policy, and deletes the policy', async () => {
    await page.getByTestId('compliance-nav-retention').click();
    await page.getByTestId('holds-empty').waitFor();

    // A hold needs a person and a reason: both named at once.
    await page.getByTestId('hold-create').click();
    await expect.poll(() => page.getByTestId('hold-problems').locator('li').count()).toBe(2);
    await page.getByTestId('hold-person-search').fill('王');
    await page.getByTestId('hold-person-match').filter({ hasText: 'wang' }).click();
    await page.getByTestId('hold-reason').fill('Matter 2026-17');
    await page.getByTestId('hold-create').click();
    const hold = page.getByTestId('hold-row');
    await expect.poll(() => hold.count()).toBe(1);
    expect(await text(hold)).toContain('王芳 (wang)');
    expect(await text(hold)).toContain('Matter 2026-17');

    await page.getByTestId('policy-scope').selectOption('channel');
    await page.getByTestId('policy-days').fill('30');
    await page.getByTestId('policy-create').click();
    const policy = page.getByTestId('policy-row');
    await expect.poll(() => policy.count()).toBe(1);
    expect(await text(policy)).toContain('All channels');
    await expectAccessible(page, 'retention and holds');

    await policy.getByTestId('policy-delete').click();
    await page.getByTestId('policies-empty').waitFor();
    // The server kept the hold, and recorded both changes in the trail.
    const holds = await host.api<{ items: Array<{ reason: string; target: { userId?: string } }> }>(
      officerToken,
      'GET',
      '/compliance/legal-holds',
    );
    expect(holds.items).toMatchObject([{ reason: 'Matter 2026-17', target: { userId: wang.id } }]);
  });

  it('a plain user cannot reach the console: no nav entry, a refusal, 403 from the API', async () => {
    const plain = await freshPage(browser);
    const token = await signInAt(plain, `${host.baseUrl}/compliance`, wang.username, wang.password);
    const refused = plain.getByTestId('compliance-refused');
    await refused.waitFor();
    expect(await text(refused)).toContain('only for compliance officers');
    expect(await plain.getByTestId('compliance-page').count()).toBe(0);
    expect(await plain.getByTestId('compliance-nav-exports').count()).toBe(0);
    await expectAccessible(plain, 'compliance console, refused');
    // Nowhere else offers the way in: not the chat's header, not the directory's.
    await refused.getByRole('link').click();
    await plain.getByTestId('nav-directory').waitFor();
    expect(await plain.getByTestId('nav-compliance').count()).toBe(0);
    await plain.getByTestId('nav-directory').click();
    await plain.waitForURL((url) => url.pathname === '/directory');
    await plain.getByTestId('me').waitFor();
    expect(await plain.getByTestId('nav-compliance').count()).toBe(0);
    await plain.context().close();

    // The API refuses a plain user and an administrator alike.
    for (const who of [token, host.token('admin')]) {
      for (const [method, path] of [
        ['GET', '/audit/records'],
        ['GET', '/audit/exports'],
        ['POST', '/audit/exports'],
        ['POST', '/audit/verify'],
        ['GET', '/compliance/legal-holds'],
        ['GET', '/compliance/retention-policies'],
      ] as const) {
        const response = await fetch(`${host.baseUrl}/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${who}`, 'content-type': 'application/json' },
          ...(method === 'POST' ? { body: '{"format":"csv"}' } : {}),
        });
        expect(response.status, `${method} ${path}`).toBe(403);
      }
    }
    // The officer's console told the admin nothing either: no entry in its header.
    const admin = await freshPage(browser);
    await signInAt(admin, `${host.baseUrl}/directory`, 'admin', ADMIN_PASSWORD);
    await admin.getByTestId('nav-admin').waitFor();
    expect(await admin.getByTestId('nav-compliance').count()).toBe(0);
    await admin.context().close();
  });
});
