import type { KeyObject } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { checkpointPayload, keyIdOf, verifySignature } from '../checkpoint';
import { compare, MANIFEST_FILE, verifyManifestSignature, type ExportManifest } from './manifest';
import { hashFile } from './hashed-file';

export type ExportVerdict =
  | { ok: true; files: number; recordCount: number; keyId: string }
  | { ok: false; file: string; reason: string };

/**
 * Checks an export directory offline (`tidings audit verify-export`): the manifest's signature
 * under the given public key, the checkpoint's signature, then every listed file's size and
 * SHA-256 in path order — and that no file is there the manifest does not list. Answers the
 * first bad file; a changed byte anywhere shows as a hash mismatch of that file (or, in the
 * manifest, as a bad signature).
 */
export async function verifyExport(dir: string, publicKey: KeyObject): Promise<ExportVerdict> {
  const bad = (file: string, reason: string): ExportVerdict => ({ ok: false, file, reason });
  let manifest: ExportManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as ExportManifest;
  } catch (error) {
    return bad(MANIFEST_FILE, `cannot be read: ${(error as Error).message}`);
  }
  if (manifest.version !== 1 || !Array.isArray(manifest.files))
    return bad(MANIFEST_FILE, 'is not a version 1 export manifest');
  const keyId = keyIdOf(publicKey);
  if (manifest.keyId !== keyId)
    return bad(MANIFEST_FILE, `signed with key ${manifest.keyId}, not the given key ${keyId}`);
  if (typeof manifest.signature !== 'string' || !verifyManifestSignature(manifest, publicKey))
    return bad(MANIFEST_FILE, 'its signature does not match its content');
  const checkpoint = manifest.checkpoint;
  if (checkpoint !== null) {
    if (
      checkpoint.keyId !== keyId ||
      !verifySignature(publicKey, checkpointPayload(checkpoint), checkpoint.signature)
    )
      return bad(MANIFEST_FILE, `the checkpoint at record ${checkpoint.seq} is not validly signed`);
    if (manifest.range.lastSeq !== null && checkpoint.seq < manifest.range.lastSeq)
      return bad(MANIFEST_FILE, `the checkpoint does not cover record ${manifest.range.lastSeq}`);
  }
  const listed = new Set<string>();
  for (const file of [...manifest.files].sort((a, b) => compare(a.path, b.path))) {
    if (!isInside(file.path)) return bad(file.path, 'lies outside the export directory');
    listed.add(file.path);
    let actual: { sha256: string; bytes: number };
    try {
      actual = await hashFile(join(dir, file.path));
    } catch {
      return bad(file.path, 'is missing');
    }
    if (actual.bytes !== file.bytes)
      return bad(file.path, `has ${actual.bytes} bytes, the manifest says ${file.bytes}`);
    if (actual.sha256 !== file.sha256)
      return bad(file.path, `SHA-256 ${actual.sha256} differs from the manifest's ${file.sha256}`);
  }
  for (const path of await filesUnder(dir))
    if (path !== MANIFEST_FILE && !listed.has(path))
      return bad(path, 'is not listed in the manifest');
  return { ok: true, files: manifest.files.length, recordCount: manifest.recordCount, keyId };
}

/** A relative path that stays inside the directory. */
function isInside(path: string): boolean {
  if (typeof path !== 'string' || path === '' || isAbsolute(path)) return false;
  const normal = normalize(path);
  return normal === path.split('/').join(sep) && !normal.startsWith('..');
}

/** Every file below `dir`, as `/`-separated relative paths, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort(compare);
}
