import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoredObjectMissingError } from './file-storage';
import { S3Storage } from './s3.storage';
import { RecordingS3, type RecordedRequest } from './recording-s3.testing';

const MiB = 1024 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * The adapter's requests, against a loopback HTTP server that records them and keeps objects in
 * memory. This shows what the adapter sends (paths, signing, the multipart sequence, the abort);
 * it is not a real S3 and proves nothing about one.
 */
describe('S3 storage adapter (against a recording server, not a real S3)', () => {
  const server = new RecordingS3();
  let storage: S3Storage;

  beforeAll(async () => {
    await server.start();
    storage = new S3Storage({
      bucket: 'chat-files',
      prefix: 'tidings/',
      endpoint: server.url,
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    });
  });
  afterAll(async () => {
    storage.destroy();
    await server.stop();
  });

  const signedFor = (r: RecordedRequest) =>
    /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/s3\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/.test(
      r.headers['authorization'] ?? '',
    ) && typeof r.headers['x-amz-date'] === 'string';

  it('puts a small object in one signed PUT under the prefix, and reads it back', async () => {
    server.requests.length = 0;
    const content = Buffer.from('hello, 世界');
    const stored = await storage.put(Readable.from([content]), { contentType: 'text/plain' });
    expect(stored).toMatchObject({ size: content.length, sha256: sha256(content) });
    expect(stored.key).toMatch(/^tidings\/[0-9a-f-]{36}$/);
    const [put] = server.requests;
    expect(put).toMatchObject({
      method: 'PUT',
      path: `/chat-files/${stored.key}`,
      query: 'x-id=PutObject',
    });
    expect(put!.headers['content-type']).toBe('text/plain');
    expect(signedFor(put!)).toBe(true);
    expect(server.objects.get(`chat-files/${stored.key}`)?.equals(content)).toBe(true);

    expect((await buffer(await storage.get(stored.key))).equals(content)).toBe(true);
    await storage.delete(stored.key);
    expect(server.requests.at(-1)).toMatchObject({
      method: 'DELETE',
      path: `/chat-files/${stored.key}`,
    });
    await expect(storage.get(stored.key)).rejects.toBeInstanceOf(StoredObjectMissingError);
  });

  it('streams a large object as a multipart upload', async () => {
    server.requests.length = 0;
    const content = Buffer.alloc(12 * MiB);
    for (let i = 0; i < content.length; i += 4096) content.writeUInt32LE(i, i);
    const chunks = Array.from({ length: 12 * 16 }, (_, i) =>
      content.subarray(i * 65536, (i + 1) * 65536),
    );
    const stored = await storage.put(Readable.from(chunks));
    expect(stored.sha256).toBe(sha256(content));
    const operation = (r: RecordedRequest) => {
      const query = new URLSearchParams(r.query);
      return `${r.method} ${query.get('x-id') ?? [...query.keys()].join('&')}`;
    };
    expect(server.requests.map(operation)).toEqual([
      'POST uploads',
      'PUT UploadPart',
      'PUT UploadPart',
      'PUT UploadPart',
      'POST uploadId', // CompleteMultipartUpload
    ]);
    expect(server.requests.every(signedFor)).toBe(true);
    expect(server.objects.get(`chat-files/${stored.key}`)?.equals(content)).toBe(true);
  });

  it('aborts the multipart upload when the stream fails, leaving no object', async () => {
    server.requests.length = 0;
    const failing = Readable.from(
      (async function* () {
        for (let i = 0; i < 7 * 16; i++) yield Buffer.alloc(65536, 1);
        throw new Error('client went away');
      })(),
    );
    await expect(storage.put(failing)).rejects.toThrow('client went away');
    await new Promise((r) => setTimeout(r, 100));
    expect(
      server.requests.some((r) => r.method === 'DELETE' && r.query.startsWith('uploadId')),
    ).toBe(true);
    expect(server.pendingUploads()).toBe(0);
  });
});
