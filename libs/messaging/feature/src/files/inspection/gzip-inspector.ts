import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { ArchiveBudget } from '@tidings/messaging/domain';
import { DomainError } from '@tidings/platform/errors';
import { archiveUnreadable } from './zip-inspector';

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08;
}

/**
 * A gzip stream has no directory (its trailer's size is modulo 4 GiB and the uploader writes it),
 * so the only honest measure is to inflate it and count. The budget stops the count at the first
 * byte over a limit, so the work is bounded by the limits, not by what the stream claims.
 * What the gzip wraps (usually a tar) is not looked into.
 */
export async function inspectGzip(path: string, budget: ArchiveBudget): Promise<void> {
  budget.enter(1);
  budget.addEntry(0);
  const counter = new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        budget.addBytes(chunk.length);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
  try {
    await pipeline(createReadStream(path), createGunzip(), counter);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw archiveUnreadable(error);
  }
}
