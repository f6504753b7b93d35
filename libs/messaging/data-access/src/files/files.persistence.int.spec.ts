import { randomUUID } from 'node:crypto';
import { openDatabase, platformPersistence } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileRecord } from './file-record';
import { messagingFilesPersistence, TypeOrmFileRepository } from './index';

describe.each(databaseFlavours)('messaging_files on %s', (flavour) => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    ({ dataSource } = await openDatabase({
      url: db.url,
      entities: [...platformPersistence.entities, ...messagingFilesPersistence.entities],
      migrations: [...platformPersistence.migrations, ...messagingFilesPersistence.migrations],
    }));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db.drop();
  });

  it('round-trips a file record: big sizes, flags, nulls and names beyond the BMP', async () => {
    const record: FileRecord = {
      id: randomUUID(),
      conversationId: randomUUID(),
      uploaderId: randomUUID(),
      name: '季度报告 🎉.pdf',
      mime: 'application/pdf',
      detectedExt: 'pdf',
      extensionMismatch: true,
      size: 5 * 1024 * 1024 * 1024, // beyond 32 bits
      sha256: 'a'.repeat(64),
      storageKey: randomUUID(),
      width: null,
      height: null,
      thumbnailKey: null,
      createdAt: Date.now(),
    };
    await dataSource.transaction((manager) => new TypeOrmFileRepository(manager).insert(record));
    const image = { ...record, id: randomUUID(), mime: 'image/png', width: 1280, height: 720 };
    await dataSource.transaction((manager) =>
      new TypeOrmFileRepository(manager).insert({ ...image, extensionMismatch: false }),
    );
    const files = new TypeOrmFileRepository(dataSource);
    expect(await files.findById(record.id)).toEqual(record);
    expect(await files.findById(image.id)).toMatchObject({
      width: 1280,
      height: 720,
      extensionMismatch: false,
    });
    expect(await files.findById(randomUUID())).toBeNull();
  });
});
