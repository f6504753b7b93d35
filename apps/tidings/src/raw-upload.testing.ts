import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

export interface RawUploadResult {
  status: number;
  body: Record<string, unknown>;
  /** File bytes the client had written when the first byte of the answer arrived. */
  sentWhenAnswered: number;
}

const CHUNK = 64 * 1024;

/**
 * An upload of `totalBytes` zeros over a plain socket, so the test sees exactly when the server
 * answers relative to what was sent: 64 KiB at a time, waiting for the socket to drain and a
 * millisecond between writes, stopping as soon as the response starts. With `chunked: false`
 * the full length is declared up front and the body is held back for a moment, to show the
 * server refuses on the header alone.
 */
export async function rawUpload(
  target: { baseUrl: string },
  token: string,
  conversationId: string,
  options: { totalBytes: number; chunked: boolean },
): Promise<RawUploadResult> {
  const url = new URL(target.baseUrl);
  const boundary = `tidings-${randomBytes(8).toString('hex')}`;
  const preamble = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="conversationId"\r\n\r\n${conversationId}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const length = preamble.length + options.totalBytes + `\r\n--${boundary}--\r\n`.length;
  const socket = connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve, reject) =>
    socket.once('connect', resolve).once('error', reject),
  );
  socket.on('error', () => undefined); // a reset after the answer is expected

  let sent = 0;
  let sentWhenAnswered = -1;
  const received: Buffer[] = [];
  let complete: () => void = () => undefined;
  const responded = new Promise<void>((resolve) => (complete = resolve));
  const answered = new Promise<void>((resolve) => {
    socket.on('data', (data: Buffer) => {
      if (sentWhenAnswered < 0) sentWhenAnswered = sent;
      received.push(data);
      resolve();
      if (parse(Buffer.concat(received))) complete();
    });
  });
  socket.once('close', () => complete());

  socket.write(
    `POST /api/v1/files HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\n` +
      (options.chunked ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${length}\r\n`) +
      '\r\n',
  );
  const write = async (data: Buffer) => {
    const framed = options.chunked
      ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')])
      : data;
    if (!socket.write(framed))
      await Promise.race([new Promise((r) => socket.once('drain', r)), answered]);
    await new Promise((r) => setTimeout(r, 1));
  };
  if (!options.chunked) await Promise.race([answered, new Promise((r) => setTimeout(r, 1000))]);
  const zeros = Buffer.alloc(CHUNK);
  if (sentWhenAnswered < 0) await write(preamble);
  while (sentWhenAnswered < 0 && sent < options.totalBytes) {
    const n = Math.min(CHUNK, options.totalBytes - sent);
    await write(zeros.subarray(0, n));
    sent += n;
  }
  await answered;
  await Promise.race([responded, new Promise((r) => setTimeout(r, 5000))]);
  socket.destroy();
  const response = parse(Buffer.concat(received));
  if (!response) throw new Error('no complete response');
  return { ...response, sentWhenAnswered };
}

/** A complete HTTP response (its body as long as Content-Length says), or null so far. */
function parse(data: Buffer): { status: number; body: Record<string, unknown> } | null {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = data.subarray(0, end).toString('latin1');
  const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? NaN);
  const body = data.subarray(end + 4);
  if (!(body.length >= length)) return null;
  return {
    status: Number(head.split(' ')[1]),
    body: JSON.parse(body.subarray(0, length).toString('utf8')) as Record<string, unknown>,
  };
}
