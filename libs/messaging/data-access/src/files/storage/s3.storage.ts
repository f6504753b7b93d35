import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { ContentMeter } from './content-meter';
import {
  StoredObjectMissingError,
  type FileStorage,
  type PutOptions,
  type StoredObject,
} from './file-storage';

export interface S3StorageOptions {
  bucket: string;
  /** Prepended to every key (`tidings/`), so one bucket can serve several installations. */
  prefix?: string;
  /** An S3-compatible endpoint (MinIO, Ceph, …); unset → AWS for `region`. */
  endpoint?: string;
  region: string;
  /** Unset → the SDK's default chain (environment, shared config, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** `https://host/bucket/key` instead of `https://bucket.host/key` (what MinIO expects). */
  forcePathStyle?: boolean;
  /** Multipart part size, bytes (S3's minimum, 5 MiB, by default). */
  partSize?: number;
}

/**
 * The SDK, loaded at first use: it takes ~0.2 s to import, which an installation storing
 * files on local disk (the default) should not pay at every start-up.
 */
async function loadSdk() {
  const [s3, storage] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/lib-storage'),
  ]);
  return { ...s3, Upload: storage.Upload };
}

/** Bytes streamed at once per upload: parts in flight × part size. */
const PARTS_IN_FLIGHT = 2;

/**
 * Files in an S3-compatible object store, through the AWS SDK v3. Uploads stream: lib-storage
 * sends a small object in one PUT and a larger one as a multipart upload, buffering at most
 * two parts, and aborts the multipart upload when the stream fails — so, as with the local
 * disk, a failed upload leaves no object.
 *
 * Checksums are sent only where the API requires them: the SDK's default CRC32 headers are
 * refused by several S3-compatible stores. The SHA-256 we keep is computed here regardless.
 */
export class S3Storage implements FileStorage {
  readonly kind = 's3' as const;
  private readonly prefix: string;
  private connection:
    Promise<{ sdk: Awaited<ReturnType<typeof loadSdk>>; client: S3Client }> | undefined;
  private client: S3Client | undefined;

  constructor(private readonly options: S3StorageOptions) {
    this.prefix = options.prefix ?? '';
  }

  private connect() {
    this.connection ??= loadSdk().then((sdk) => {
      const { options } = this;
      this.client = new sdk.S3Client({
        region: options.region,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        forcePathStyle: options.forcePathStyle ?? false,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      return { sdk, client: this.client };
    });
    return this.connection;
  }

  async put(content: Readable, options?: PutOptions): Promise<StoredObject> {
    const { sdk, client } = await this.connect();
    const key = `${this.prefix}${randomUUID()}`;
    const meter = new ContentMeter();
    const body = new PassThrough();
    const upload = new sdk.Upload({
      client,
      queueSize: PARTS_IN_FLIGHT,
      partSize: this.options.partSize ?? 5 * 1024 * 1024,
      leavePartsOnError: false,
      params: {
        Bucket: this.options.bucket,
        Key: key,
        Body: body,
        ...(options?.contentType ? { ContentType: options.contentType } : {}),
      },
    });
    const feeding = pipeline(content, meter, body);
    try {
      await Promise.all([feeding, upload.done()]);
    } catch (error) {
      // Whichever side failed, stop the other: an unread body would hold the pipeline open.
      body.destroy(error as Error);
      await upload.abort().catch(() => undefined);
      await feeding.catch(() => undefined);
      throw error;
    }
    return { key, size: meter.size, sha256: meter.digest() };
  }

  async get(key: string): Promise<Readable> {
    const { sdk, client } = await this.connect();
    try {
      const response = await client.send(
        new sdk.GetObjectCommand({ Bucket: this.options.bucket, Key: key }),
      );
      if (!(response.Body instanceof Readable)) throw new Error('S3 returned no body stream');
      return response.Body;
    } catch (error) {
      if (error instanceof sdk.NoSuchKey || (error as Error).name === 'NoSuchKey')
        throw new StoredObjectMissingError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const { sdk, client } = await this.connect();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  /** Closes the client's sockets (the host calls it at shutdown). */
  destroy(): void {
    this.client?.destroy();
  }
}
