import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditFilter, AuditReadStore } from '@tidings/audit/data-access';
import {
  MANIFEST_FILE,
  renderManifest,
  signManifest,
  type AuditSigningKey,
  type Checkpoint,
  type ExportManifest,
  type ExportRequest,
  type ManifestFile,
} from '@tidings/audit/domain';
import { pagesOf } from './export-pages';
import type { ExportAttachments } from './export-ports';
import { formatWriter } from './format-writers';

/** The chat records an EML export is made of (each one .eml). */
const MESSAGE_TYPES = [
  'messaging.message.sent',
  'messaging.message.edited',
  'messaging.message.deleted',
];

export interface ExportDependencies {
  store: AuditReadStore;
  key: AuditSigningKey;
  /** Asks the writer for a checkpoint of the head (AuditWriter.checkpointNow). */
  checkpointNow(): Promise<unknown>;
  attachments: ExportAttachments;
  mailDomain: string;
}

export interface ExportProgress {
  /** Once, before the first record: how many records the export will hold. */
  total?(total: number): void | Promise<void>;
  /** After each page: records written so far. */
  progress?(records: number): void | Promise<void>;
}

export interface ExportOutcome {
  manifest: ExportManifest;
  /** Every file written, manifest included, relative to the directory. */
  paths: string[];
}

/**
 * Writes one export into `dir` (empty or new): records read in seq order a page at a time and
 * streamed into the format's files, attachments copied as they are met, then the signed
 * manifest. The same code path for `POST /audit/exports` and `tidings audit export`.
 *
 * Deterministic: the scan is bounded by the head at the start (records appended meanwhile —
 * this export's own `audit.export.started` among them — wait for the next export), contents
 * come only from the trail, and the proof is the first checkpoint at or after the last record
 * (made now when there is none yet, and found again by a re-run).
 */
export async function runExport(
  deps: ExportDependencies,
  request: ExportRequest,
  dir: string,
  hooks: ExportProgress = {},
): Promise<ExportOutcome> {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) throw new Error(`${dir} is not empty`);
  const head = await deps.store.head();
  const filter = filterOf(request, head.seq);
  const total = filter === null ? 0 : await deps.store.count(filter);
  await hooks.total?.(total);

  const writer = formatWriter(request.format, dir, deps);
  const files: ManifestFile[] = [];
  let firstSeq: number | null = null;
  let lastSeq: number | null = null;
  let count = 0;
  await writer.open();
  if (filter !== null) {
    for await (const page of pagesOf(deps.store, filter, head.seq)) {
      firstSeq ??= page[0]?.seq ?? null;
      lastSeq = page[page.length - 1]?.seq ?? lastSeq;
      await writer.write(page);
      count += page.length;
      await hooks.progress?.(count);
    }
  }
  files.push(...(await writer.close()));

  const checkpoint = lastSeq === null ? null : await checkpointCovering(deps, lastSeq);
  const manifest = signManifest(
    {
      version: 1,
      format: request.format,
      filters: {
        from: request.from,
        to: request.to,
        users: request.users,
        conversations: request.conversations,
        types: request.types,
      },
      range: { from: request.from, to: request.to, firstSeq, lastSeq },
      recordCount: count,
      checkpoint,
      files,
      missingAttachments: writer.missing(),
    },
    deps.key,
  );
  await writeFile(join(dir, MANIFEST_FILE), renderManifest(manifest), { flag: 'wx' });
  return { manifest, paths: [...manifest.files.map((f) => f.path), MANIFEST_FILE] };
}

/** The store's filter; null when nothing can match (EML asked for no chat record type). */
function filterOf(request: ExportRequest, headSeq: number): AuditFilter | null {
  let types = request.types;
  if (request.format === 'eml') {
    // EML holds chat messages only: the asked types narrowed to those (all three when none).
    types =
      types.length === 0
        ? MESSAGE_TYPES
        : MESSAGE_TYPES.filter((t) =>
            types.some((asked) => asked === t || prefixMatches(asked, t)),
          );
    if (types.length === 0) return null;
  }
  return {
    toSeq: headSeq,
    ...(request.from !== null ? { fromMs: Date.parse(request.from) } : {}),
    ...(request.to !== null ? { toMs: Date.parse(request.to) } : {}),
    ...(request.users.length > 0 ? { users: request.users } : {}),
    ...(request.conversations.length > 0 ? { conversations: request.conversations } : {}),
    ...(types.length > 0 ? { types } : {}),
  };
}

/** `messaging.*` matches `messaging.message.sent` (the store's prefix rule). */
function prefixMatches(asked: string, type: string): boolean {
  return asked.endsWith('.*') && type.startsWith(asked.slice(0, -1));
}

async function checkpointCovering(deps: ExportDependencies, seq: number): Promise<Checkpoint> {
  const found = await deps.store.checkpointAtOrAfter(seq);
  if (found) return found;
  await deps.checkpointNow();
  // Asked again rather than taking the writer's answer: should a timer's checkpoint have come
  // in between, the first one at or after `seq` is what a re-run will find too.
  const made = await deps.store.checkpointAtOrAfter(seq);
  if (!made) throw new Error(`no checkpoint covers record ${seq}`);
  return made;
}
