import type { IncomingMessage } from 'node:http';
import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Multipart parsing for the upload route, on the host's Fastify. Registering it only marks
 * multipart requests as such: nothing is read until the route asks for its file, after the
 * AuthGuard and the conversation check, and then as a stream (limits per request, files.controller.ts).
 * HTTP_BODY_LIMIT does not apply to these requests; FILES_MAX_BYTES does.
 */
export async function registerFileUploads(app: NestFastifyApplication): Promise<void> {
  await app.register(multipart as never, {
    limits: { files: 1, fields: 4, fieldSize: 256, parts: 6, headerPairs: 20 },
  });
}

/** How long, and how much, a refused upload's remainder is read and dropped before the socket is cut. */
const LINGER_MS = 10_000;
const LINGER_BYTES = 64 * 1024 * 1024;

/**
 * After an upload is refused mid-body, the answer is already sent; what the client is still
 * sending is read and dropped (as nginx's lingering close does). Closing at once would be
 * worse: the socket would reset on the unread bytes, and a reset makes the client's network
 * stack drop the 413 it has not read yet — the client would see "connection reset" instead.
 * A client that keeps sending past a bound is cut off.
 */
export function discardRestOfBody(raw: IncomingMessage): void {
  let dropped = 0;
  const cut = () => raw.socket?.destroy();
  const timer = setTimeout(cut, LINGER_MS);
  timer.unref();
  raw.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) cut();
  });
  raw.once('close', () => clearTimeout(timer));
  raw.resume();
}
