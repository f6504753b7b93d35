import { createHash, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { databaseFlavours, createTestDatabase, type TestDatabase } from '@tidings/platform/testing';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  elfExecutable,
  pngClaiming,
  realPng,
  zipOfZeros,
} from '@tidings/messaging/feature/testing';
import { FilesTestHost, type TestUser } from './files.testing';
import { rawUpload } from './raw-upload.testing';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const MAX_BYTES = 1024 * 1024;

/** Files through the whole host: policy, storage on disk, access, the outbox — on both databases. */
describe.each(databaseFlavours)('files API on %s', (flavour) => {
  const host = new FilesTestHost();
  let db: TestDatabase;
  let alice: TestUser;
  let bob: TestUser;
  const conversation = randomUUID();
  const announcements = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await host.start({ DATABASE_URL: db.url, FILES_MAX_BYTES: String(MAX_BYTES) });
    alice = await host.user();
    bob = await host.user();
    host.access.grant(alice.userId, conversation, 'write');
    host.access.grant(alice.userId, announcements, 'read');
  });

  afterAll(async () => {
    await host.stop();
    await db?.drop();
  });

  it('stores an image, gives back the identical bytes, a thumbnail, and publishes the upload', async () => {
    const png = await realPng(1280, 720);
    // The client says "photo.jpg" and image/png; the bytes decide: a PNG, with a mismatch noted.
    const upload = await host.upload(alice, conversation, 'photo.jpg', png);
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({
      conversationId: conversation,
      uploaderId: alice.userId,
      name: 'photo.jpg',
      mime: 'image/png',
      size: png.length,
      sha256: sha256(png),
      width: 1280,
      height: 720,
      extensionMismatch: true,
      hasThumbnail: true,
    });
    const id = upload.body['id'] as string;

    const download = await host.get(alice, `/files/${id}`);
    expect(download.response.status).toBe(200);
    expect(sha256(download.bytes)).toBe(sha256(png));
    expect(download.response.headers.get('content-type')).toBe('image/png');
    expect(download.response.headers.get('x-content-type-options')).toBe('nosniff');
    // Inline (an image), saved under its name plus the real extension.
    expect(download.response.headers.get('content-disposition')).toMatch(
      /^inline; filename="photo\.jpg\.png"/,
    );

    const thumbnail = await host.get(alice, `/files/${id}/thumbnail`);
    expect(thumbnail.response.status).toBe(200);
    expect(thumbnail.response.headers.get('content-type')).toBe('image/webp');
    expect(await sharp(thumbnail.bytes).metadata()).toMatchObject({
      format: 'webp',
      width: 320,
      height: 180,
    });

    const events = (await host.dataSource.query(
      `SELECT event_key, envelope FROM messaging_outbox WHERE event_type = 'messaging.file.uploaded'`,
    )) as Array<{ event_key: string; envelope: string }>;
    const event = events.map((e) => ({ key: e.event_key, ...JSON.parse(e.envelope) }));
    expect(event.find((e) => e.data.fileId === id)).toMatchObject({
      key: conversation,
      actor: { kind: 'user', id: alice.userId },
      data: { conversationId: conversation, sha256: sha256(png), hasThumbnail: true },
    });
  });

  it('sends other types as attachments under a safe name, Chinese names intact', async () => {
    const text = Buffer.from('季度报告\n'.repeat(100));
    const upload = await host.upload(alice, conversation, '季度 "报告".txt', text);
    expect(upload.body).toMatchObject({ mime: 'text/plain', hasThumbnail: false, width: null });
    const download = await host.get(alice, `/files/${upload.body['id']}`);
    expect(download.bytes.equals(text)).toBe(true);
    const disposition = download.response.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="__ ____\.txt"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe('季度 "报告".txt');
    const none = await host.get(alice, `/files/${upload.body['id']}/thumbnail`);
    expect(none.response.status).toBe(404);
  });

  it('refuses a renamed executable (415) whatever its name and declared type', async () => {
    const refused = await host.upload(alice, conversation, 'cute-cat.png', elfExecutable());
    expect(refused.status).toBe(415);
    expect(refused.body).toMatchObject({
      code: 'messaging.file.type_refused',
      detectedType: 'application/x-elf',
    });
  });

  it('refuses a zip bomb (422) and a pixel flood (422)', async () => {
    const bomb = await zipOfZeros(100);
    expect(bomb.length).toBeLessThan(MAX_BYTES);
    const refusedBomb = await host.upload(alice, conversation, 'holiday-photos.zip', bomb);
    expect(refusedBomb.status).toBe(422);
    expect(refusedBomb.body['code']).toBe('messaging.file.archive_bomb');

    const flood = await host.upload(
      alice,
      conversation,
      'wallpaper.png',
      pngClaiming(100_000, 100_000),
    );
    expect(flood.status).toBe(422);
    expect(flood.body).toMatchObject({
      code: 'messaging.file.pixel_flood',
      width: 100_000,
      height: 100_000,
    });
  });

  it('answers 413 while an over-limit upload is still being sent', async () => {
    // Chunked, so no Content-Length gives it away: only the running count can stop it.
    const chunked = await rawUpload(host, alice.token, conversation, {
      totalBytes: 64 * MAX_BYTES,
      chunked: true,
    });
    expect(chunked.status).toBe(413);
    expect(chunked.body).toMatchObject({ code: 'messaging.file.too_large', maxBytes: MAX_BYTES });
    expect(chunked.sentWhenAnswered).toBeGreaterThan(MAX_BYTES);
    expect(chunked.sentWhenAnswered).toBeLessThan(16 * MAX_BYTES);

    // A declared length over the limit is refused before any of the body is sent.
    const declared = await rawUpload(host, alice.token, conversation, {
      totalBytes: 64 * MAX_BYTES,
      chunked: false,
    });
    expect(declared.status).toBe(413);
    expect(declared.sentWhenAnswered).toBe(0);
  });

  it('hides files and conversations from callers without access (404), refuses read-only (403)', async () => {
    const upload = await host.upload(alice, conversation, 'plan.txt', Buffer.from('the plan'));
    const id = upload.body['id'] as string;
    for (const path of [`/files/${id}`, `/files/${id}/thumbnail`, `/files/${randomUUID()}`]) {
      const { response, bytes } = await host.get(bob, path);
      expect(response.status).toBe(404);
      expect(JSON.parse(bytes.toString()).code).toBe('messaging.file.not_found');
    }
    const intruder = await host.upload(bob, conversation, 'spam.txt', Buffer.from('spam'));
    expect(intruder.status).toBe(404);
    expect(intruder.body['code']).toBe('messaging.conversation.not_found');
    const readOnly = await host.upload(alice, announcements, 'note.txt', Buffer.from('hi'));
    expect(readOnly.status).toBe(403);
    expect(readOnly.body['code']).toBe('messaging.conversation.read_only');

    // Access is asked on every read: once revoked, the file is gone for that caller.
    host.access.grant(bob.userId, conversation, 'read');
    expect((await host.get(bob, `/files/${id}`)).response.status).toBe(200);
    host.access.revoke(bob.userId, conversation);
    expect((await host.get(bob, `/files/${id}`)).response.status).toBe(404);
  });

  it('leaves nothing behind of refused uploads', async () => {
    const rows = (await host.dataSource.query(
      'SELECT storage_key, thumbnail_key FROM messaging_files',
    )) as Array<{
      storage_key: string;
      thumbnail_key: string | null;
    }>;
    const keys = rows
      .flatMap((r) => [r.storage_key, r.thumbnail_key])
      .filter(Boolean)
      .sort();
    const stored = readdirSync(host.filesDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => ({ name: e.name, dir: e.parentPath }));
    expect(stored.map((s) => s.name).sort()).toEqual(keys);
    expect(stored.some((s) => s.dir.startsWith(join(host.filesDir, '.incoming')))).toBe(false);
  });
});
