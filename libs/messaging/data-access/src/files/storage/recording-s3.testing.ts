import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { buffer } from 'node:stream/consumers';

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | undefined>;
}

/**
 * Just enough of S3's REST API on loopback to watch an S3 client: single PUT, the multipart
 * sequence, GET, DELETE and abort, with every request recorded and objects kept in memory.
 * It checks no signature — what it shows is what a client sends, not what S3 would accept.
 */
export class RecordingS3 {
  readonly requests: RecordedRequest[] = [];
  readonly objects = new Map<string, Buffer>();
  private readonly uploads = new Map<string, Map<number, Buffer>>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => res.writeHead(500).end());
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || !address) throw new Error('no address');
    this.url = `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  pendingUploads(): number {
    return this.uploads.size;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://s3');
    const query = url.search.slice(1);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
    );
    this.requests.push({ method: req.method ?? '', path: url.pathname, query, headers });
    const key = decodeURIComponent(url.pathname.slice(1));
    const body = await buffer(req);
    const uploadId = url.searchParams.get('uploadId');
    const xml = (status: number, text: string): void => {
      res.writeHead(status, { 'content-type': 'application/xml' }).end(text);
    };

    if (req.method === 'POST' && url.searchParams.has('uploads')) {
      const id = randomUUID();
      this.uploads.set(id, new Map());
      return xml(
        200,
        `<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>${key}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`,
      );
    }
    if (req.method === 'PUT' && uploadId) {
      this.uploads.get(uploadId)?.set(Number(url.searchParams.get('partNumber')), body);
      res.writeHead(200, { etag: `"${randomUUID()}"` }).end();
      return;
    }
    if (req.method === 'POST' && uploadId) {
      const parts = this.uploads.get(uploadId) ?? new Map<number, Buffer>();
      this.objects.set(
        key,
        Buffer.concat([...parts.entries()].sort(([a], [b]) => a - b).map(([, b]) => b)),
      );
      this.uploads.delete(uploadId);
      return xml(
        200,
        `<CompleteMultipartUploadResult><Key>${key}</Key><ETag>"x"</ETag></CompleteMultipartUploadResult>`,
      );
    }
    if (req.method === 'DELETE' && uploadId) {
      this.uploads.delete(uploadId);
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'PUT') {
      this.objects.set(key, body);
      res.writeHead(200, { etag: `"${randomUUID()}"` }).end();
      return;
    }
    if (req.method === 'GET') {
      const object = this.objects.get(key);
      if (!object)
        return xml(
          404,
          '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
        );
      res.writeHead(200, { 'content-length': object.length }).end(object);
      return;
    }
    if (req.method === 'DELETE') {
      this.objects.delete(key);
      res.writeHead(204).end();
      return;
    }
    res.writeHead(400).end();
  }
}
